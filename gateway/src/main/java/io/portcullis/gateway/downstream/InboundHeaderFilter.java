package io.portcullis.gateway.downstream;

import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Pattern;

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
 * response.
 */
@Component
class InboundHeaderFilter implements WebFilter, org.springframework.core.Ordered {

    static final String REQUEST_ID = "X-Request-Id";

    private static final List<String> FORBIDDEN_PREFIXES = List.of("x-forwarded-", "x-ssl-", "x-client-cert",
            "x-portcullis-", "x-internal-");

    private static final List<String> FORBIDDEN = List.of("forwarded", "x-real-ip", "x-client-id",
            "ssl-client-cert", "x-arr-clientcert");

    private static final String ACTUATOR = "/actuator";

    private static final Pattern WELL_FORMED_ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    /**
     * The public port is TLS without client certificates. Said explicitly, because mutating a request otherwise
     * asks the TLS session for peer certificates, which throws (and fills a stack trace) on every request.
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
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String given = exchange.getRequest().getHeaders().getFirst(REQUEST_ID);
        String requestId = (given != null && WELL_FORMED_ID.matcher(given).matches()) ? given
                : UUID.randomUUID().toString();
        ServerHttpRequest.Builder mutated = exchange.getRequest().mutate().headers((headers) -> {
            headers.headerNames()
                .stream()
                .filter(InboundHeaderFilter::isForbidden)
                .toList()
                .forEach(headers::remove);
            headers.set(REQUEST_ID, requestId);
        });
        // Actuator (the management port) keeps its TLS session: its endpoints need Prometheus' client certificate
        ServerHttpRequest request = exchange.getRequest().getPath().value().startsWith(ACTUATOR) ? mutated.build()
                : mutated.sslInfo(EDGE_TLS).build();
        exchange.getResponse().getHeaders().set(REQUEST_ID, requestId);
        return chain.filter(exchange.mutate().request(request).build());
    }

    private static boolean isForbidden(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return FORBIDDEN.contains(lower) || FORBIDDEN_PREFIXES.stream().anyMatch(lower::startsWith);
    }

    @Override
    public int getOrder() {
        // before Spring Security's WebFilterChainProxy (order -100)
        return -200;
    }

}
