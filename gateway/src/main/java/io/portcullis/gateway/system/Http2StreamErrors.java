package io.portcullis.gateway.system;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http2.Http2Exception;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.util.AttributeKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.netty.Connection;
import reactor.netty.http.server.HttpServer;

import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.http.server.reactive.ServerHttpResponseDecorator;
import org.springframework.stereotype.Component;

/**
 * A client that breaks HTTP/2 on one of its streams ends that stream quietly: one DEBUG line, no stack trace at
 * ERROR, no 500.
 * <p>
 * Netty's HTTP/2 decoder fails a stream whose frames break the protocol, for instance DATA that ends the stream
 * short of (or beyond) its declared {@code Content-Length}, and hands the error to the stream's pipeline before it
 * resets the stream. There Reactor Netty passes it to the request's body, and when nobody reads the body yet (the
 * token is still being checked), or the exchange has ended already (the gateway answered 413 to a declared length
 * over the limit and the client then cut its upload short), it logs the error at ERROR with its stack trace; a body
 * read later fails with it and WebFlux logs a second ERROR and counts a 500. Any client could fill the logs and raise
 * the gateway's error rate at will.
 * <p>
 * A handler first in each stream's pipeline takes the error instead, marks the stream and closes it, which resets it
 * as Netty would have: the exchange ends as when the client resets its stream (a body being read fails and is not
 * relayed; an exchange still checking the token is cancelled), and the access log records a 400
 * ({@link #statusWhenGone}).
 */
@Component
public class Http2StreamErrors implements NettyServerCustomizer {

    private static final Logger logger = LoggerFactory.getLogger(Http2StreamErrors.class);

    private static final String NAME = "portcullis.h2StreamErrors";

    private static final AttributeKey<Boolean> PROTOCOL_ERROR = AttributeKey.valueOf("portcullis.h2ProtocolError");

    private static final ChannelHandler HANDLER = new EndStreamOnProtocolError();

    /**
     * The status the access log records for a request whose client has gone before it was answered: 400 when the
     * client broke HTTP/2 on its stream, {@link UpstreamAttributes#CLIENT_CLOSED} when it closed its connection or
     * reset its stream.
     */
    public static int statusWhenGone(ServerHttpResponse response) {
        Object server = ServerHttpResponseDecorator.getNativeResponse(response);
        if (server instanceof Connection connection && connection.channel().hasAttr(PROTOCOL_ERROR)) {
            return UpstreamAttributes.BODY_UNDECODABLE;
        }
        return UpstreamAttributes.CLIENT_CLOSED;
    }

    @Override
    public HttpServer apply(HttpServer server) {
        return server.doOnConnection((connection) -> {
            // over h2 a connection here is a stream, configured when its headers have arrived, before any DATA
            Channel channel = connection.channel();
            if (channel instanceof Http2StreamChannel && channel.pipeline().get(NAME) == null) {
                channel.pipeline().addFirst(NAME, HANDLER);
            }
        });
    }

    @ChannelHandler.Sharable
    private static final class EndStreamOnProtocolError extends ChannelInboundHandlerAdapter {

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            // what Netty's HTTP/2 codec hands to a stream is an error in what the client sent on it; the server's
            // own write errors fail their writes instead
            if (!(cause instanceof Http2Exception)) {
                ctx.fireExceptionCaught(cause);
                return;
            }
            logger.debug("{} closed: the client broke HTTP/2 on it ({})", ctx.channel(), cause.getMessage());
            ctx.channel().attr(PROTOCOL_ERROR).set(Boolean.TRUE);
            ctx.close();
        }

    }

}
