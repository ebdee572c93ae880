package io.portcullis.gateway.system;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.ServerChannel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.netty.http.server.HttpServer;

import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.stereotype.Component;

/**
 * A graceful close of an HTTP/2 connection is done when the connection is closed, however that came about.
 * <p>
 * At the graceful shutdown Reactor Netty closes each h2 connection that has streams open: Netty's HTTP/2 handler
 * sends GOAWAY and completes that close only once the open streams have closed one by one, with no time limit. When
 * the connection goes away first (the frame decoder fails it, for instance a client's request that crossed the
 * GOAWAY on the wire is a protocol error to Netty), the streams it still counted are dropped with the connection
 * and the close is never completed: the graceful shutdown then waits out the whole grace period
 * ({@code spring.lifecycle.timeout-per-shutdown-phase}) although nothing is left to wait for. A handler on each h2
 * connection completes the close when the connection's channel has closed.
 */
@Component
class Http2GracefulClose implements NettyServerCustomizer {

    private static final Logger logger = LoggerFactory.getLogger(Http2GracefulClose.class);

    private static final String NAME = "portcullis.h2GracefulClose";

    @Override
    public HttpServer apply(HttpServer server) {
        return server.doOnConnection((connection) -> {
            // over h2 a connection here is a stream; its parent is the client's connection
            Channel parent = connection.channel().parent();
            if (parent != null && !(parent instanceof ServerChannel) && parent.pipeline().get(NAME) == null) {
                parent.pipeline().addLast(NAME, new CloseDoneWhenClosed());
            }
        });
    }

    /** Last in the connection's pipeline, so that a close of the connection meets it first. */
    private static final class CloseDoneWhenClosed extends ChannelOutboundHandlerAdapter {

        @Override
        public void close(ChannelHandlerContext ctx, ChannelPromise promise) throws Exception {
            if (promise.isVoid()) {
                ctx.close(promise);
                return;
            }
            ChannelPromise closing = ctx.newPromise();
            closing.addListener((done) -> {
                if (done.isSuccess()) {
                    promise.trySuccess();
                }
                else {
                    promise.tryFailure(done.cause());
                }
            });
            // after the closing of the channel has run its course: a close Netty completed is done by then
            ctx.channel().closeFuture().addListener((closed) -> ctx.executor().execute(() -> {
                if (promise.trySuccess()) {
                    logger.debug("{} closed while its graceful close waited for streams", ctx.channel());
                }
            }));
            ctx.close(closing);
        }

    }

}
