package io.portcullis.gateway.downstream;

import java.util.Set;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;

/**
 * When a request whose instance failed is tried on another one, and what the caller is answered when it is not:
 * the rules of both relaying paths ({@link InstanceFailoverGatewayFilterFactory} on Spring Cloud Gateway's chain,
 * {@link ApiRelay} for the relayed routes), so that they cannot drift apart.
 */
final class FailoverRules {

    private static final Set<HttpMethod> IDEMPOTENT = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS,
            HttpMethod.PUT, HttpMethod.DELETE, HttpMethod.TRACE);

    private final DownstreamProperties properties;

    private final RetryBudget budget;

    private final MeterRegistry registry;

    FailoverRules(DownstreamProperties properties, RetryBudget budget, MeterRegistry registry) {
        this.properties = properties;
        this.budget = budget;
        this.registry = registry;
    }

    /** Counts a request that may be retried against the retry budget. */
    void requested() {
        this.budget.requested();
    }

    /**
     * Whether the request is tried again after {@code failure} on its {@code retries + 1}-th attempt: an instance
     * failure, attempts left, nothing answered yet, any method when the request was not sent and idempotent ones
     * otherwise, and the retry budget allowing it (both outcomes counted per route).
     */
    boolean retry(ServerWebExchange exchange, @Nullable UpstreamFailure failure, long retries, String route) {
        if (failure == null || retries + 1 >= this.properties.retry().attempts()
                || exchange.getResponse().isCommitted()) {
            return false;
        }
        if (failure != UpstreamFailure.NOT_SENT && !IDEMPOTENT.contains(exchange.getRequest().getMethod())) {
            return false;
        }
        if (!this.budget.tryRetry()) {
            count(route, "budget_exhausted");
            return false;
        }
        count(route, "retried");
        return true;
    }

    /** 503 with {@code Retry-After} when the request never reached an instance, 504 on a timeout, 502 in flight. */
    Mono<Void> answer(ServerHttpResponse response, UpstreamFailure failure) {
        return switch (failure) {
            case NOT_SENT -> DownstreamProblems.unavailable(response, this.properties.retryAfter());
            case TIMEOUT -> DownstreamProblems.write(response, HttpStatus.GATEWAY_TIMEOUT,
                    "The service did not answer in time");
            case IN_FLIGHT -> DownstreamProblems.write(response, HttpStatus.BAD_GATEWAY,
                    "The connection to the service failed before it answered; the request may or may not have "
                            + "taken effect");
        };
    }

    private void count(String route, String outcome) {
        Counter.builder("portcullis.gateway.retries")
            .description("Requests tried again on another instance, and retries refused by the retry budget")
            .tag("route", route)
            .tag("outcome", outcome)
            .register(this.registry)
            .increment();
    }

}
