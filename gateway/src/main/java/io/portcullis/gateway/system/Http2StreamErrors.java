package io.portcullis.gateway.system;

import java.io.IOException;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http2.DefaultHttp2ResetFrame;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2Exception;
import io.netty.handler.codec.http2.Http2FrameStreamException;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.util.AttributeKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.netty.Connection;
import reactor.netty.NettyPipeline;
import reactor.netty.http.server.HttpServer;

import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.http.server.reactive.ServerHttpResponseDecorator;
import org.springframework.stereotype.Component;

/**
 * A client that breaks HTTP/2 costs the gateway one DEBUG line: no stack trace at ERROR or WARN, no 500.
 * <p>
 * Netty's HTTP/2 codec resets a stream whose frames break the protocol (a {@code Content-Length} that is negative or
 * sent twice, DATA that ends the stream short of or beyond it) and hands the error to the stream's pipeline first;
 * it ends the whole connection with GOAWAY for an error that concerns the connection (a frame on a stream never
 * opened, a malformed SETTINGS or PING) and hands that error on along the connection's pipeline. Left alone, Reactor
 * Netty logs a stream's error at ERROR with its stack trace when the stream has no exchange yet (its headers were the
 * error), when nobody reads its body yet (the token is still being checked) or when its exchange has ended (the
 * gateway answered 413 to a declared length over the limit and the client then cut its upload short, as curl does);
 * a body read later fails with the error, WebFlux logs a second ERROR and the access log counts a 500; a connection's
 * error reaches the end of the pipeline and Netty logs it at WARN with its stack trace. Any client could fill the logs
 * and raise the gateway's error rate at will, a stream at a time.
 * <p>
 * Two handlers take these errors instead:
 * <ul>
 * <li>on each h2 connection, before the stream multiplexer: a request whose {@code :method} is not a token or that
 * lacks {@code :scheme} or {@code :path} is reset there (PROTOCOL_ERROR), before Netty's conversion to HTTP/1.1 fails
 * on it and, when its headers end the stream, loses the buffer it allocated for the body (enough of them and the
 * gateway has no direct memory left for any connection); a connection's error is logged at DEBUG and goes no
 * further (the codec has sent GOAWAY and closes the connection); a stream's error is logged at DEBUG and goes on to
 * its stream as a {@link ClientBrokeHttp2}, an {@link IOException}, which Reactor Netty logs at DEBUG for a stream
 * that has no exchange;</li>
 * <li>first in each stream that has an exchange: the error is marked on the stream and goes no further; the
 * multiplexer then resets the stream (PROTOCOL_ERROR), and the exchange ends as when the client resets its stream (a
 * body being read fails and is not relayed, an exchange still checking the token is cancelled), recorded in the
 * access log as a 400 ({@link #statusWhenGone}).</li>
 * </ul>
 */
@Component
public class Http2StreamErrors implements NettyServerCustomizer {

    private static final Logger logger = LoggerFactory.getLogger(Http2StreamErrors.class);

    private static final String INSTALLER = "portcullis.h2ErrorsInstaller";

    private static final String CONNECTION_ERRORS = "portcullis.h2ConnectionErrors";

    private static final String STREAM_ERRORS = "portcullis.h2StreamErrors";

    private static final AttributeKey<Boolean> PROTOCOL_ERROR = AttributeKey.valueOf("portcullis.h2ProtocolError");

    private static final ChannelHandler INSTALL = new InstallOnHttp2();

    private static final ChannelHandler ON_CONNECTION = new OnConnection();

    private static final ChannelHandler ON_STREAM = new OnStream();

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
        return server.doOnChannelInit((observer, channel, remoteAddress) -> {
            // a connection: whether it speaks h2 is known once its TLS handshake has chosen the protocol
            if (channel.pipeline().get(NettyPipeline.ReactiveBridge) != null) {
                channel.pipeline().addBefore(NettyPipeline.ReactiveBridge, INSTALLER, INSTALL);
            }
        }).doOnConnection((connection) -> {
            // over h2 a connection here is a stream, configured when its headers have arrived, before any DATA
            Channel channel = connection.channel();
            if (channel instanceof Http2StreamChannel && channel.pipeline().get(STREAM_ERRORS) == null) {
                channel.pipeline().addFirst(STREAM_ERRORS, ON_STREAM);
            }
        });
    }

    /** After the handshake (and the h2 handlers it brings): the connection's handler, then out of the way. */
    @ChannelHandler.Sharable
    private static final class InstallOnHttp2 extends ChannelInboundHandlerAdapter {

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
            if (event instanceof SslHandshakeCompletionEvent) {
                ChannelPipeline pipeline = ctx.pipeline();
                ChannelHandlerContext multiplexer = pipeline.context(Http2MultiplexHandler.class);
                if (multiplexer != null) {
                    pipeline.addBefore(multiplexer.name(), CONNECTION_ERRORS, ON_CONNECTION);
                }
                pipeline.remove(this);
            }
            ctx.fireUserEventTriggered(event);
        }

    }

    @ChannelHandler.Sharable
    private static final class OnConnection extends ChannelInboundHandlerAdapter {

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object message) {
            if (message instanceof Http2HeadersFrame headers && !wellFormed(headers.headers())) {
                logger.debug("{} stream {} reset: its request's :method, :scheme, :path or :authority is missing or "
                        + "not valid", ctx.channel(), headers.stream().id());
                ctx.writeAndFlush(new DefaultHttp2ResetFrame(Http2Error.PROTOCOL_ERROR).stream(headers.stream()));
                return;
            }
            ctx.fireChannelRead(message);
        }

        /**
         * Whether a request's headers hold what every request must (RFC 9113, 8.3.1): a {@code :method} that is a
         * token, then {@code :scheme} and {@code :path}, or {@code :authority} for {@code CONNECT}; trailers (no
         * {@code :method}) are not judged here. Netty's conversion to HTTP/1.1 fails on a request without them, and
         * for one whose headers end the stream it has allocated the body's (empty) buffer by then and never releases
         * it: 256 bytes of direct memory lost for each such request, as many as a client sends, until the gateway has
         * none left.
         */
        private static boolean wellFormed(Http2Headers headers) {
            CharSequence method = headers.method();
            if (method == null) {
                return true;
            }
            if (!isToken(method)) {
                return false;
            }
            if (HttpMethod.CONNECT.asciiName().contentEquals(method)) {
                return headers.authority() != null;
            }
            CharSequence path = headers.path();
            return headers.scheme() != null && path != null && !path.isEmpty();
        }

        /** RFC 9110, 5.6.2: one or more tchar. */
        private static boolean isToken(CharSequence value) {
            if (value.isEmpty()) {
                return false;
            }
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                boolean alphanumeric = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
                if (!alphanumeric && "!#$%&'*+-.^_`|~".indexOf(c) < 0) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            // what the codec hands on is an error in what the client sent; its own write errors fail the writes
            if (cause instanceof Http2FrameStreamException stream) {
                logger.debug("{} stream {} reset: the client broke HTTP/2 on it ({})", ctx.channel(),
                        stream.stream().id(), stream.getCause().getMessage());
                ctx.fireExceptionCaught(new Http2FrameStreamException(stream.stream(), stream.error(),
                        new ClientBrokeHttp2(stream.getCause())));
                return;
            }
            if (cause instanceof Http2Exception) {
                logger.debug("{} closed: the client broke HTTP/2 ({})", ctx.channel(), cause.getMessage());
                return;
            }
            ctx.fireExceptionCaught(cause);
        }

    }

    @ChannelHandler.Sharable
    private static final class OnStream extends ChannelInboundHandlerAdapter {

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            if (cause instanceof ClientBrokeHttp2) {
                ctx.channel().attr(PROTOCOL_ERROR).set(Boolean.TRUE);
                return;
            }
            ctx.fireExceptionCaught(cause);
        }

    }

    /** A stream's HTTP/2 error, on its way from the connection to the stream: the client's doing. */
    static final class ClientBrokeHttp2 extends IOException {

        ClientBrokeHttp2(Throwable cause) {
            super(cause.getMessage(), cause);
        }

    }

}
