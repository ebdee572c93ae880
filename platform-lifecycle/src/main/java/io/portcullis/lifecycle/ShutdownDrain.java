package io.portcullis.lifecycle;

import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;

/**
 * The first thing a stopping process does: it says it refuses traffic (readiness {@code REFUSING_TRAFFIC}, so the
 * readiness probe answers 503) and goes on serving for the drain period, so that whoever routes to it (the
 * gateway's per-instance readiness probes, a Kubernetes Service) stops sending new requests before the web
 * server's graceful shutdown stops accepting them. Without it a request that a load balancer sends in the moment
 * between SIGTERM and its next probe meets a closed connection, and a non-idempotent one cannot be retried.
 *
 * <p>It runs in the highest lifecycle phase, so it is stopped before the graceful shutdown of the web server
 * (phase {@code DEFAULT_PHASE - 1024}) and before anything else that stops with the context.
 */
public final class ShutdownDrain implements SmartLifecycle {

    private static final Logger logger = LoggerFactory.getLogger(ShutdownDrain.class);

    private final Duration drain;

    private final ApplicationEventPublisher events;

    private volatile boolean running;

    private volatile boolean stopped;

    public ShutdownDrain(Duration drain, ApplicationEventPublisher events) {
        this.drain = drain;
        this.events = events;
    }

    @Override
    public void start() {
        this.running = true;
        if (this.stopped) {
            // started again after a stop (ConfigurableApplicationContext#start): the refusal is over
            AvailabilityChangeEvent.publish(this.events, this, ReadinessState.ACCEPTING_TRAFFIC);
            this.stopped = false;
        }
    }

    @Override
    public void stop() {
        this.running = false;
        if (this.drain.isZero() || this.drain.isNegative()) {
            return;
        }
        this.stopped = true;
        // Spring Boot's web contexts publish this as they begin to close; a context of another kind does not
        AvailabilityChangeEvent.publish(this.events, this, ReadinessState.REFUSING_TRAFFIC);
        logger.info("Stopping: refusing traffic on the readiness probe and serving {} ms more before the graceful "
                + "shutdown", this.drain.toMillis());
        try {
            Thread.sleep(this.drain);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return this.running;
    }

    /**
     * A paused context (Spring's test context cache pauses the contexts not in use) is not going away and nobody
     * routes around it: it neither refuses traffic nor waits out the drain.
     */
    @Override
    public boolean isPauseable() {
        return false;
    }

    @Override
    public int getPhase() {
        return Integer.MAX_VALUE;
    }

}
