package io.portcullis.gateway.downstream;

import java.time.Duration;
import java.util.Arrays;
import java.util.function.Function;

import io.portcullis.gateway.security.ClientIdAttributeFilter;
import io.portcullis.gateway.system.Http2StreamErrors;
import io.portcullis.gateway.system.UpstreamAttributes;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.channel.AbortedException;
import reactor.netty.http.server.HttpServerResponse;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferFactory;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.http.server.reactive.ServerHttpResponseDecorator;
import org.springframework.web.server.ServerWebExchange;

/**
 * A request whose body can be sent more than once (to another instance after a failure): the body is read whole
 * and copied into a byte array the gateway owns, and every subscription to the body gets a fresh buffer over that
 * array.
 * <p>
 * Not Spring Cloud Gateway's body cache ({@code enableBodyCaching}): it keeps the buffer the server read and, when the
 * exchange ends, releases it until its reference count is zero, which is right only for a buffer nothing else
 * references. Over HTTP/2, Netty hands a request's DATA frame over as a slice that shares its reference count with
 * the connection's whole read buffer, which also holds other streams' frames and the decoder's unread bytes: releasing
 * it to zero freed those too, and the connection failed with every stream on it ({@code IllegalReferenceCountException},
 * "Error finishing response. Closing connection"), and a body sent again was read from freed memory (a 500). Here
 * each buffer the server read is released exactly once, as soon as its bytes were copied out.
 * <p>
 * Copied piece by piece as they arrive, not joined at the end ({@code DataBufferUtils.join}): a piece is handed over
 * as a slice of the buffer it was read in, and the slice keeps that whole buffer from being freed for as long as it is
 * held. A client that sent its bodies a byte at a time, each byte in its own TLS record beside 16 KB of a frame the
 * server ignores, kept everything it sent in the gateway's direct memory, whatever the body limit: 2,880 bytes of
 * bodies on 8 connections held 67 MB ({@code BodyMemoryIntegrationTests}; 11 MB now, what the connections cost with
 * no body at all), and a gateway started with {@code -Xmx128m} has 124 MB of it for all its connections. What a body
 * holds now is its own bytes, at most the body limit, on the heap.
 */
final class ReplayableBody {

    private ReplayableBody() {
    }

    /**
     * The exchange with its request's body replayable; the exchange itself when the request has no body; empty when
     * there is nobody to relay it for: the HTTP server has already answered the request itself, or the client went
     * away while its body was read (the exchange's {@link UpstreamAttributes#STATUS} says which, for the access log).
     * <p>
     * A body longer than {@link ArrivingBodies#maxBytes} fails with {@link DataBufferLimitException} as soon as that
     * many bytes arrived (what was read is released): {@code RequestSize} checks only a declared {@code Content-Length},
     * and a chunked HTTP/1.1 body or an HTTP/2 body without one would otherwise be copied whole, however large. A body
     * that has not arrived whole {@link ArrivingBodies#timeout} after its first read fails with
     * {@link ArrivingBodies.TooSlow}, one that the bodies arriving have no room for with
     * {@link ArrivingBodies.Exhausted}; either way what was read is released.
     * <p>
     * A chunked HTTP/1.1 body that fails to decode (a chunk size that is not hexadecimal, a chunk-size line or
     * trailers over the limits) does not fail the body: Reactor Netty answers the client itself at once (400, or
     * 414/431) and closes the connection, and the body it hands on just ends, looking whole. Relayed, it would have a
     * service act on a request its client was told was refused (a {@code DELETE}, or a truncated {@code POST}), and
     * the service's answer would then fail to be written. Nothing in the gateway answers before the body is read,
     * so a response whose headers are already sent is that answer.
     * <p>
     * A client that closes its connection or resets its stream before its body is whole fails the body with
     * {@link AbortedException}: the client's doing, not a server error (which WebFlux would log at ERROR and the
     * access log count as a 500, so any client could raise the gateway's error rate at will). A stream closed
     * because the client broke HTTP/2 on it ({@link Http2StreamErrors}) is recorded as a 400, as a body that fails to
     * decode.
     */
    static Mono<ServerWebExchange> of(ServerWebExchange exchange, ArrivingBodies limits) {
        ServerHttpRequest request = exchange.getRequest();
        DataBufferFactory factory = exchange.getResponse().bufferFactory();
        return Mono.defer(() -> {
            Bytes arriving = new Bytes(limits, client(exchange));
            Mono<Bytes> read = request.getBody().collect(() -> arriving, Bytes::add);
            return (declaresBody(request) ? read.timeout(limits.timeout(), Mono.error(ArrivingBodies.TooSlow::new),
                    EventLoopTimers.INSTANCE) : read)
                // the piece that went over a limit: collect hands it here
                .doOnDiscard(DataBuffer.class, DataBufferUtils::release)
                // arrived whole, failed or cancelled: no longer arriving
                .doFinally((signal) -> arriving.giveBack());
        })
            .filter((bytes) -> bytes.size() > 0)
            .map((bytes) -> exchange.mutate().request(new Request(request, bytes.whole(), factory)).build())
            .defaultIfEmpty(exchange)
            .filter((read) -> !answeredByServer(exchange))
            .onErrorResume(AbortedException.class,
                    (closed) -> notRelayed(exchange, Http2StreamErrors.statusWhenGone(exchange.getResponse())));
    }

    /**
     * {@link #of} and then {@code relay}; a body over the size limit answered 413, one that took too long 408 (and the
     * HTTP/1.1 connection closed: the rest of the body will not be read), one beyond its client's share of the budget
     * 429 and one beyond the budget of bodies arriving 503 (both with {@code Retry-After}).
     */
    static Mono<Void> relay(ServerWebExchange exchange, ArrivingBodies limits,
            Function<ServerWebExchange, Mono<Void>> relay) {
        return of(exchange, limits).flatMap(relay)
            .onErrorResume(DataBufferLimitException.class, (tooLarge) -> DownstreamProblems.write(
                    exchange.getResponse(), HttpStatus.PAYLOAD_TOO_LARGE, "The request body is too large"))
            .onErrorResume(ArrivingBodies.TooSlow.class, (late) -> {
                // an h2 response drops the header (Netty leaves connection headers out of HTTP/2)
                exchange.getResponse().getHeaders().set(HttpHeaders.CONNECTION, "close");
                return DownstreamProblems.write(exchange.getResponse(), HttpStatus.REQUEST_TIMEOUT,
                        "The request body did not arrive in time");
            })
            .onErrorResume(ArrivingBodies.OverShare.class, (over) -> {
                // not the rate limiter's 429: its own outcome, so that the rate-limit alert and panel do not count it
                exchange.getAttributes().put(UpstreamAttributes.OUTCOME, UpstreamAttributes.TOO_MANY_BODIES);
                return DownstreamProblems.tooManyBodies(exchange.getResponse(), Duration.ofSeconds(1));
            })
            .onErrorResume(ArrivingBodies.Exhausted.class,
                    (exhausted) -> DownstreamProblems.unavailable(exchange.getResponse(), Duration.ofSeconds(1)));
    }

    /**
     * Whether a body may follow the request's headers: a {@code Content-Length} (even 0: an HTTP/2 request declaring 0
     * may still leave its stream open, and its body then ends only with the stream) or a {@code Transfer-Encoding}
     * (RFC 9112 6.3; Netty gives an HTTP/2 request whose headers do not end its stream a {@code Transfer-Encoding:
     * chunked} when it declares no length). A request with neither (an HTTP/1.1 {@code GET}) has no body, and no timer
     * to set and cancel.
     */
    private static boolean declaresBody(ServerHttpRequest request) {
        HttpHeaders headers = request.getHeaders();
        return headers.getContentLength() >= 0 || headers.containsHeader(HttpHeaders.TRANSFER_ENCODING);
    }

    /** Whose share a body counts against: the validated token's client ({@code ""} on a route without a token). */
    private static String client(ServerWebExchange exchange) {
        Object client = exchange.getAttribute(ClientIdAttributeFilter.ATTRIBUTE);
        return (client instanceof String id) ? id : "";
    }

    private static boolean answeredByServer(ServerWebExchange exchange) {
        Object response = ServerHttpResponseDecorator.getNativeResponse(exchange.getResponse());
        if (response instanceof HttpServerResponse server && server.hasSentHeaders()) {
            notRelayed(exchange, UpstreamAttributes.BODY_UNDECODABLE);
            return true;
        }
        return false;
    }

    private static Mono<ServerWebExchange> notRelayed(ServerWebExchange exchange, int status) {
        exchange.getAttributes().put(UpstreamAttributes.STATUS, status);
        return Mono.empty();
    }

    /**
     * A body's bytes as they arrive, each piece copied out and released at once; a piece that would take it over
     * the size limit, or whose array's growth the budget refuses, fails it and is left to the caller's discard. What
     * the array takes is taken from the budget until {@link #giveBack}. The array grows with the bytes that arrived,
     * never with a declared {@code Content-Length}: sized from it, a request declaring 100 KB and sending a byte took
     * 100 KB of heap, and 3,600 of them on 40 connections took the local run's gateway's whole heap.
     */
    private static final class Bytes {

        private final ArrivingBodies limits;

        private final String client;

        private byte[] bytes = new byte[0];

        private int size;

        private long taken;

        Bytes(ArrivingBodies limits, String client) {
            this.limits = limits;
            this.client = client;
        }

        void add(DataBuffer piece) {
            int length = piece.readableByteCount();
            int maxBytes = this.limits.maxBytes();
            if (length > maxBytes - this.size) {
                throw new DataBufferLimitException("Exceeded limit on max bytes to buffer : " + maxBytes);
            }
            if (this.size + length > this.bytes.length) {
                int grown = (int) Math.min(maxBytes, Math.max(this.size + length, 2L * this.bytes.length));
                this.limits.take(this.client, grown - this.bytes.length);
                this.taken += grown - this.bytes.length;
                this.bytes = Arrays.copyOf(this.bytes, grown);
            }
            piece.read(this.bytes, this.size, length);
            this.size += length;
            DataBufferUtils.release(piece);
        }

        int size() {
            return this.size;
        }

        void giveBack() {
            this.limits.giveBack(this.client, this.taken);
            this.taken = 0;
        }

        byte[] whole() {
            return (this.size == this.bytes.length) ? this.bytes : Arrays.copyOf(this.bytes, this.size);
        }

    }

    private static final class Request extends ServerHttpRequestDecorator {

        private final byte[] body;

        private final DataBufferFactory factory;

        Request(ServerHttpRequest delegate, byte[] body, DataBufferFactory factory) {
            super(delegate);
            this.body = body;
            this.factory = factory;
        }

        @Override
        public Flux<DataBuffer> getBody() {
            // wrapped anew for each sending: whoever writes it releases the wrapper, never the array
            return Flux.defer(() -> Flux.just(this.factory.wrap(this.body)));
        }

    }

}
