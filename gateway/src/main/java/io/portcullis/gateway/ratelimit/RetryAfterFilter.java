package io.portcullis.gateway.ratelimit;

import reactor.core.publisher.Mono;

import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;

/**
 * A 429 from the rate limiter tells the client when to come back (RFC 9110 §10.2.3): the time the bucket needs
 * to refill one request's tokens, from the limiter's own headers.
 */
@Component
public class RetryAfterFilter implements GlobalFilter, Ordered {

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        onRefusal(exchange);
        return chain.filter(exchange);
    }

    /**
     * Has a 429 answer to {@code exchange} carry {@code Retry-After} (any other status, and a 429 that carries one
     * already, is left as it is).
     */
    public static void onRefusal(ServerWebExchange exchange) {
        exchange.getResponse().beforeCommit(() -> {
            HttpHeaders headers = exchange.getResponse().getHeaders();
            // a 429 that already says when to retry (the gateway's own, for too many bodies arriving) keeps it
            if (HttpStatus.TOO_MANY_REQUESTS.equals(exchange.getResponse().getStatusCode())
                    && !headers.containsHeader(HttpHeaders.RETRY_AFTER)) {
                long requested = number(headers.getFirst("X-RateLimit-Requested-Tokens"));
                long rate = number(headers.getFirst("X-RateLimit-Replenish-Rate"));
                headers.set(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, (requested + rate - 1) / rate)));
            }
            return Mono.empty();
        });
    }

    private static long number(String header) {
        try {
            return (header != null) ? Math.max(1, Long.parseLong(header)) : 1;
        }
        catch (NumberFormatException ex) {
            return 1;
        }
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }

}
