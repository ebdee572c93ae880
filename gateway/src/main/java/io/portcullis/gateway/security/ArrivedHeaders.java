package io.portcullis.gateway.security;

import io.netty.handler.codec.http.HttpHeaders;
import org.jspecify.annotations.Nullable;
import reactor.netty.http.server.HttpServerRequest;

import org.springframework.http.server.reactive.AbstractServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.util.ClassUtils;

/**
 * The request headers as Reactor Netty holds them, for the few places that walk every header of every request (the
 * inbound header filter, the header character check, the relay's copy to the service). Spring 7's
 * {@code HttpHeaders.headerSet()}, {@code headerNames()} and {@code forEach} build a case-insensitive map of all
 * names on each call; Netty's headers are walked in place, entry by entry (a repeated name is one entry per value).
 * <p>
 * Only the server's own request qualifies: {@code ServerHttpRequest.mutate()} builds a request holding a copy of
 * the headers, which Netty's may no longer match, so for such a request (and outside Reactor Netty, in tests with
 * mock requests) this answers {@code null} and the caller walks Spring's headers. Decorators are looked through:
 * the ones on the gateway's path (Spring Security's firewall) check headers as they are read, they do not change
 * them.
 */
public final class ArrivedHeaders {

    /** Spring's request for Reactor Netty: not public, so known by name (resolved at start, a rename fails it). */
    private static final Class<?> REACTOR_REQUEST = ClassUtils.resolveClassName(
            "org.springframework.http.server.reactive.ReactorServerHttpRequest", ArrivedHeaders.class.getClassLoader());

    private ArrivedHeaders() {
    }

    /** Netty's headers of this request as the server received them (and changed in place), or null. */
    public static @Nullable HttpHeaders of(ServerHttpRequest request) {
        ServerHttpRequest unwrapped = request;
        while (unwrapped instanceof ServerHttpRequestDecorator decorator) {
            unwrapped = decorator.getDelegate();
        }
        if (unwrapped.getClass() == REACTOR_REQUEST
                && ((AbstractServerHttpRequest) unwrapped).getNativeRequest() instanceof HttpServerRequest received) {
            return received.requestHeaders();
        }
        return null;
    }

}
