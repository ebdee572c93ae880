package io.portcullis.gateway.downstream;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import io.netty.util.AsciiString;
import io.portcullis.gateway.security.ArrivedHeaders;
import reactor.core.publisher.Mono;

import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.SslInfo;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * Clients must not speak for the platform: forwarding headers, client-certificate headers and internal headers
 * are dropped before anything reads them (the gateway adds its own X-Forwarded-* from the real connection).
 * Every request carries an {@code X-Request-Id} (the caller's if well-formed, else a new one), returned on the
 * response. Reactor Netty's own request is changed where its headers lie ({@link ArrivedHeaders}); any other
 * request (a mock in tests) is rebuilt with {@code mutate()}, which copies every header.
 */
@Component
class InboundHeaderFilter implements WebFilter, org.springframework.core.Ordered {

    static final String REQUEST_ID = "X-Request-Id";

    private static final List<String> FORBIDDEN_PREFIXES = List.of("x-forwarded-", "x-ssl-", "x-client-cert",
            "x-portcullis-", "x-internal-");

    private static final List<String> FORBIDDEN = List.of("forwarded", "x-real-ip", "x-client-id",
            "ssl-client-cert", "x-arr-clientcert");

    private static final String ACTUATOR = "/actuator";

    private static final int MAX_ID_LENGTH = 128;

    /**
     * The public port is TLS without client certificates. Said explicitly when a request is rebuilt, because
     * mutating it otherwise asks the TLS session for peer certificates, which throws (and fills a stack trace).
     */
    private static final SslInfo EDGE_TLS = new SslInfo() {

        @Override
        public String getSessionId() {
            return null;
        }

        @Override
        public java.security.cert.X509Certificate[] getPeerCertificates() {
            return null;
        }

    };

    @Override
    public String toString() {
        return "InboundHeaderFilter";
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String given = exchange.getRequest().getHeaders().getFirst(REQUEST_ID);
        String requestId = isWellFormed(given) ? given : newRequestId();
        exchange.getResponse().getHeaders().set(REQUEST_ID, requestId);
        io.netty.handler.codec.http.HttpHeaders arrived = ArrivedHeaders.of(exchange.getRequest());
        if (arrived != null) {
            // the server's own request: changed where it lies, no copy of every header into a rebuilt request
            List<String> forbidden = forbiddenNames(arrived);
            for (String name : forbidden) {
                arrived.remove(name);
            }
            arrived.set(REQUEST_ID, requestId);
            return chain.filter(exchange);
        }
        List<String> forbidden = forbiddenNames(exchange.getRequest().getHeaders().headerNames());
        ServerHttpRequest.Builder mutated = exchange.getRequest().mutate().headers((headers) -> {
            for (String name : forbidden) {
                headers.remove(name);
            }
            headers.set(REQUEST_ID, requestId);
        });
        // Actuator (the management port) keeps its TLS session: its endpoints need Prometheus' client certificate
        ServerHttpRequest request = exchange.getRequest().getPath().value().startsWith(ACTUATOR) ? mutated.build()
                : mutated.sslInfo(EDGE_TLS).build();
        return chain.filter(exchange.mutate().request(request).build());
    }

    /** The names to drop; most requests carry none, and then nothing is allocated. */
    private static List<String> forbiddenNames(Iterable<String> names) {
        List<String> forbidden = List.of();
        for (String name : names) {
            if (isForbidden(name)) {
                forbidden = add(forbidden, name);
            }
        }
        return forbidden;
    }

    /** The same over Netty's entries (a name repeated is met once per value, and dropped once). */
    private static List<String> forbiddenNames(io.netty.handler.codec.http.HttpHeaders headers) {
        List<String> forbidden = List.of();
        Iterator<Map.Entry<CharSequence, CharSequence>> entries = headers.iteratorCharSequence();
        while (entries.hasNext()) {
            CharSequence name = entries.next().getKey();
            if (isForbidden(name) && !forbidden.contains(name.toString())) {
                forbidden = add(forbidden, name.toString());
            }
        }
        return forbidden;
    }

    private static List<String> add(List<String> forbidden, String name) {
        List<String> more = forbidden.isEmpty() ? new ArrayList<>() : forbidden;
        more.add(name);
        return more;
    }

    /** Compared without case and without a lower-cased copy of every name. */
    static boolean isForbidden(CharSequence name) {
        for (String forbidden : FORBIDDEN) {
            if (AsciiString.contentEqualsIgnoreCase(name, forbidden)) {
                return true;
            }
        }
        for (String prefix : FORBIDDEN_PREFIXES) {
            if (AsciiString.regionMatches(name, true, 0, prefix, 0, prefix.length())) {
                return true;
            }
        }
        return false;
    }

    /** {@code [A-Za-z0-9._:-]{1,128}}, scanned rather than matched by a regular expression on every request. */
    static boolean isWellFormed(String id) {
        if (id == null || id.isEmpty() || id.length() > MAX_ID_LENGTH) {
            return false;
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            boolean allowed = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.'
                    || c == '_' || c == ':' || c == '-';
            if (!allowed) {
                return false;
            }
        }
        return true;
    }

    /**
     * A random (version 4) UUID from {@link ThreadLocalRandom}: a request id correlates log lines and is echoed to
     * the caller, it guards nothing, so it needs uniqueness, not the unpredictability (and cost) of
     * {@code SecureRandom}.
     */
    static String newRequestId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long most = (random.nextLong() & ~0xF000L) | 0x4000L;
        long least = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(most, least).toString();
    }

    @Override
    public int getOrder() {
        // before Spring Security's WebFilterChainProxy (order -100)
        return -200;
    }

}
