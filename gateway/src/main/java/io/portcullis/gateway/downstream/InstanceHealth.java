package io.portcullis.gateway.downstream;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.cloud.client.ServiceInstance;

/**
 * What the gateway knows about each instance: whether its readiness probe passes (actively checked) and whether it
 * is ejected after failures (passive outlier detection). Kept per instance, so that one dead instance never takes
 * its healthy siblings out of the route. Published as the gauges {@code portcullis.gateway.instance.ready} and
 * {@code portcullis.gateway.instance.ejected} and the counter {@code portcullis.gateway.instance.ejections}.
 */
final class InstanceHealth {

    private static final Logger logger = LoggerFactory.getLogger(InstanceHealth.class);

    /**
     * A probe left unanswered once or twice (a GC pause, a slow handshake on a busy machine) does not take an
     * instance out; three times in a row does. An instance that says it is not ready, or whose management port
     * refuses connections (it is stopping or dead), is taken out at its first such probe.
     */
    private static final int PROBE_FAILURES_TO_UNREADY = 3;

    private final Map<String, State> states = new ConcurrentHashMap<>();

    private final DownstreamProperties.Ejection settings;

    private final MeterRegistry registry;

    private final LongSupplier nanoTime;

    InstanceHealth(DownstreamProperties.Ejection settings, MeterRegistry registry, LongSupplier nanoTime) {
        this.settings = settings;
        this.registry = registry;
        this.nanoTime = nanoTime;
    }

    /** Whether the instance may get traffic now (not ejected; readiness is filtered by the probe supplier). */
    boolean available(ServiceInstance instance) {
        return state(instance).ejectedUntil - this.nanoTime.getAsLong() <= 0;
    }

    /**
     * Records a probe's result and answers whether the instance counts as ready: at once after a success or a
     * refusal, after {@value #PROBE_FAILURES_TO_UNREADY} unanswered probes in a row otherwise.
     */
    boolean probed(ServiceInstance instance, ProbeVerdict verdict) {
        State state = state(instance);
        if (verdict == ProbeVerdict.READY) {
            if (!state.ready) {
                logger.info("{} instance {} is ready", instance.getServiceId(), instance.getInstanceId());
            }
            state.probeFailures.set(0);
            state.ready = true;
            return true;
        }
        int failures = state.probeFailures.incrementAndGet();
        if ((verdict == ProbeVerdict.REFUSED || failures >= PROBE_FAILURES_TO_UNREADY) && state.ready) {
            logger.warn("{} instance {} is not ready; it gets no traffic", instance.getServiceId(),
                    instance.getInstanceId());
            state.ready = false;
        }
        return state.ready;
    }

    void succeeded(ServiceInstance instance) {
        state(instance).consecutiveFailures.set(0);
    }

    void failed(ServiceInstance instance, UpstreamFailure failure) {
        State state = state(instance);
        int failures = state.consecutiveFailures.incrementAndGet();
        // a refused connection is a dead or stopping instance; a reset or a timeout may be one slow request
        if (failure == UpstreamFailure.NOT_SENT || failures >= this.settings.consecutiveFailures()) {
            eject(instance, state, failure);
        }
    }

    private void eject(ServiceInstance instance, State state, UpstreamFailure failure) {
        long now = this.nanoTime.getAsLong();
        boolean wasAvailable = state.ejectedUntil - now <= 0;
        state.ejectedUntil = now + this.settings.duration().toNanos();
        state.consecutiveFailures.set(0);
        if (wasAvailable) {
            Counter.builder("portcullis.gateway.instance.ejections")
                .description("Instances left out for a while after failures, by reason")
                .tag("service", instance.getServiceId())
                .tag("instance", instance.getInstanceId())
                .tag("reason", failure.name().toLowerCase(java.util.Locale.ROOT))
                .register(this.registry)
                .increment();
            logger.warn("{} instance {} ejected for {} after a failure ({})", instance.getServiceId(),
                    instance.getInstanceId(), this.settings.duration(), failure);
        }
    }

    private State state(ServiceInstance instance) {
        return this.states.computeIfAbsent(instance.getInstanceId(), (id) -> register(instance));
    }

    private State register(ServiceInstance instance) {
        State state = new State(this.nanoTime.getAsLong());
        Gauge.builder("portcullis.gateway.instance.ready", state, (s) -> s.ready ? 1 : 0)
            .description("Whether the instance's readiness probe passes (1) or not (0)")
            .tag("service", instance.getServiceId())
            .tag("instance", instance.getInstanceId())
            .register(this.registry);
        Gauge.builder("portcullis.gateway.instance.ejected", state,
                (s) -> (s.ejectedUntil - this.nanoTime.getAsLong() > 0) ? 1 : 0)
            .description("Whether the instance is ejected after failures (1) or gets traffic (0)")
            .tag("service", instance.getServiceId())
            .tag("instance", instance.getInstanceId())
            .register(this.registry);
        return state;
    }

    private static final class State {

        volatile boolean ready = true;

        volatile long ejectedUntil;

        final AtomicInteger consecutiveFailures = new AtomicInteger();

        final AtomicInteger probeFailures = new AtomicInteger();

        State(long now) {
            this.ejectedUntil = now;
        }

    }

}
