package io.portcullis.resourceserver;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.portcullis.resourceserver.core.RefusalReason;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.HandlerMapping;

/**
 * One access log line per request, with the gateway's fields (handler in place of its route, status, duration,
 * {@code client_id}, {@code request_id}, {@code trace_id}) plus the admitted caller and, for a refusal, its
 * {@link RefusalReason}; every refusal is also counted in {@code portcullis.resource-server.refusals} by reason.
 * It runs inside the observation filter, so the W3C trace context the gateway sent is the current one, and the
 * gateway's {@code X-Request-Id} is kept so one grep follows a request from the edge into the service.
 */
final class AccessLogFilter extends OncePerRequestFilter {

    static final String REQUEST_ID = "X-Request-Id";

    private static final Logger logger = LoggerFactory.getLogger("io.portcullis.resourceserver.access");

    private static final Pattern WELL_FORMED_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    private final MeterRegistry registry;

    private final Map<RefusalReason, Counter> refusals = new ConcurrentHashMap<>();

    AccessLogFilter(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long started = System.nanoTime();
        String requestId = requestId(request);
        response.setHeader(REQUEST_ID, requestId);
        MDC.put("request_id", requestId);
        try {
            chain.doFilter(request, response);
        }
        finally {
            record(request, response, requestId, System.nanoTime() - started);
            MDC.remove("request_id");
        }
    }

    private void record(HttpServletRequest request, HttpServletResponse response, String requestId, long nanos) {
        RefusalReason reason = Refusals.of(request);
        if (reason != null && this.registry != null) {
            this.refusals.computeIfAbsent(reason, this::counter).increment();
        }
        Object handler = request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE);
        logger.info("{} {} {} handler={} client_id={} caller={} reason={} request_id={} trace_id={} duration_ms={}",
                request.getMethod(), request.getRequestURI(), response.getStatus(), orNone(handler),
                orNone(request.getAttribute(ClientIdFilter.ATTRIBUTE)), orNone(CallerIdentity.of(request)),
                (reason != null) ? reason.tag() : "none", requestId, orNone(MDC.get("traceId")), nanos / 1_000_000);
    }

    private Counter counter(RefusalReason reason) {
        return Counter.builder("portcullis.resource-server.refusals")
            .description("Requests refused by the resource server, by reason")
            .tag("reason", reason.tag())
            .register(this.registry);
    }

    private static String requestId(HttpServletRequest request) {
        String given = request.getHeader(REQUEST_ID);
        return (given != null && WELL_FORMED_ID.matcher(given).matches()) ? given
                : java.util.UUID.randomUUID().toString();
    }

    private static Object orNone(Object value) {
        return (value != null) ? value : "none";
    }

}
