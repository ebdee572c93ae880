package io.portcullis.gateway.system;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.tracing.handler.TracingObservationHandler;
import io.portcullis.gateway.security.ClientIdAttributeFilter;
import io.portcullis.resourceserver.core.RefusalReason;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.publisher.SignalType;

import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.server.reactive.observation.ServerRequestObservationContext;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * One access log line and one timer sample per request, rejected or relayed: route, client_id (only from a
 * validated token, so its values are bounded by the registered clients), status, outcome (why a request was
 * turned away) and duration; the log line adds method, path, the instance that answered (or was tried last), how
 * many retries on other instances it took, request id, trace id and, for a refusal, why ({@link RefusalReason}, also
 * counted in {@code portcullis.gateway.refusals}).
 */
@Component
class EdgeAccessFilter implements WebFilter, Ordered {

    /** The access log's logger (its lines are written in batches: {@link AccessLogBuffering}). */
    static final String LOGGER = "io.portcullis.gateway.access";

    private static final Logger logger = LoggerFactory.getLogger(LOGGER);

    private final MeterRegistry registry;

    /** The timers by their tags: looked up in a map, not built and registered again on every request. */
    private final Map<TimerKey, Timer> timers = new ConcurrentHashMap<>();

    private final Map<RefusalReason, Counter> refusals = new ConcurrentHashMap<>();

    EdgeAccessFilter(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public int getOrder() {
        // inside the inbound header filter (request id is set), outside Spring Security (-100)
        return -150;
    }

    @Override
    public String toString() {
        return "EdgeAccessFilter";
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        if (exchange.getRequest().getPath().value().startsWith("/actuator")) {
            // probes and scrapes on the management port: not client traffic
            return chain.filter(exchange);
        }
        long started = System.nanoTime();
        return chain.filter(exchange)
            .doFinally((signal) -> record(exchange, signal, System.nanoTime() - started));
    }

    private void record(ServerWebExchange exchange, SignalType signal, long nanos) {
        int code = status(exchange, signal);
        Route route = exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR);
        String routeId = (route != null) ? route.getId() : "none";
        String clientId = exchange.getAttributeOrDefault(ClientIdAttributeFilter.ATTRIBUTE, "none");
        String outcome = exchange.getAttributeOrDefault(UpstreamAttributes.OUTCOME, outcome(code));
        this.timers.computeIfAbsent(new TimerKey(routeId, clientId, code, outcome), this::timer)
            .record(nanos, TimeUnit.NANOSECONDS);
        RefusalReason reason = exchange.getAttribute(RefusalReason.ATTRIBUTE);
        if (reason != null) {
            this.refusals.computeIfAbsent(reason, this::refusals).increment();
        }
        logger.info("{} {} {} {} route={} client_id={} instance={} retries={} request_id={} trace_id={} duration_ms={}"
                + " reason={}", exchange.getRequest().getMethod(), exchange.getRequest().getPath().value(), code,
                outcome, routeId, clientId, exchange.getAttributeOrDefault(UpstreamAttributes.INSTANCE, "none"),
                exchange.getAttributeOrDefault(UpstreamAttributes.RETRIES, 0),
                exchange.getResponse().getHeaders().getFirst("X-Request-Id"), traceId(exchange), nanos / 1_000_000,
                (reason != null) ? reason.tag() : "none");
    }

    private static int status(ServerWebExchange exchange, SignalType signal) {
        Integer notRelayed = exchange.getAttribute(UpstreamAttributes.STATUS);
        if (notRelayed != null) {
            return notRelayed;
        }
        if (signal == SignalType.CANCEL && !exchange.getResponse().isCommitted()) {
            // the server gave up the exchange before an answer was begun: the client closed its connection or reset
            // its stream, or broke HTTP/2 on it (the response's default status would say 200)
            return Http2StreamErrors.statusWhenGone(exchange.getResponse());
        }
        HttpStatusCode status = exchange.getResponse().getStatusCode();
        return (status != null) ? status.value() : 200;
    }

    private Counter refusals(RefusalReason reason) {
        return Counter.builder("portcullis.gateway.refusals")
            .description("Requests refused at the edge, by reason (the same reasons as the services')")
            .tag("reason", reason.tag())
            .register(this.registry);
    }

    private Timer timer(TimerKey key) {
        return Timer.builder("portcullis.gateway.requests")
            .description("Requests at the edge, by route, client, status and outcome")
            .tag("route", key.route())
            .tag("client_id", key.clientId())
            .tag("status", Integer.toString(key.status()))
            .tag("outcome", key.outcome())
            .register(this.registry);
    }

    static String outcome(int status) {
        return switch (status) {
            case 401 -> "unauthenticated";
            case 403 -> "forbidden";
            case 408 -> "too_slow";
            case 413, 431 -> "too_large";
            case 429 -> "rate_limited";
            case UpstreamAttributes.CLIENT_CLOSED -> "client_closed";
            case 503 -> "unavailable";
            default -> (status < 400) ? "relayed" : ((status < 500) ? "client_error" : "server_error");
        };
    }

    /**
     * Bounded: routes are configured, client_id values come only from validated tokens, statuses and outcomes are
     * few.
     */
    private record TimerKey(String route, String clientId, int status, String outcome) {
    }

    private static String traceId(ServerWebExchange exchange) {
        return ServerRequestObservationContext.findCurrent(exchange.getAttributes())
            .map((context) -> context.<TracingObservationHandler.TracingContext>get(
                    TracingObservationHandler.TracingContext.class))
            .map(TracingObservationHandler.TracingContext::getSpan)
            .map((span) -> span.context().traceId())
            .orElse("");
    }

}
