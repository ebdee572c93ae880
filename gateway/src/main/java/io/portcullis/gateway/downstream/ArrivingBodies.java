package io.portcullis.gateway.downstream;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The limits on request bodies while they arrive: each at most {@code portcullis.downstream.max-body} bytes (413
 * beyond it) arriving whole within {@code portcullis.downstream.body-timeout} (408 after it), and all of them together
 * at most {@code portcullis.downstream.max-arriving-bodies} of the heap (503 beyond it).
 * <p>
 * Each body is held whole before it is relayed (so that it can be sent again on a retry). The body limit bounds one
 * request, not how many are arriving at once: clients uploading slowly on enough streams and connections (100
 * streams per h2 connection) could fill the heap, and the JVM then exits. A body whose next bytes would take the total
 * beyond the budget is refused with 503 instead; the others go on. A body counts from its first byte until it has
 * arrived whole, failed or been cut off; the gauge {@code portcullis.gateway.bodies.arriving} shows the total.
 * <p>
 * The time limit keeps a client from holding that budget (and its stream or connection) at no cost: without it, a body
 * that stopped short of its declared length, or that came a byte now and then, was held until the client went away.
 * HTTP/1.1 has no other limit there (the connection's idle timeout counts only between requests) and an h2 client
 * keeps its connection busy with a PING. It counts from the first read of the body to its last byte, like HAProxy's
 * {@code timeout http-request} for a request it buffers, rather than between two reads (nginx's
 * {@code client_body_timeout}), which a byte every few seconds would satisfy.
 */
final class ArrivingBodies {

    private final int maxBytes;

    private final Duration timeout;

    private final long budget;

    private final AtomicLong arriving = new AtomicLong();

    ArrivingBodies(long maxBytes, Duration timeout, long budget, MeterRegistry registry) {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("portcullis.downstream.body-timeout must be above 0, was " + timeout);
        }
        this.maxBytes = (int) Math.min(Integer.MAX_VALUE, maxBytes);
        this.timeout = timeout;
        this.budget = budget;
        Gauge.builder("portcullis.gateway.bodies.arriving", this.arriving, AtomicLong::get)
            .description("Bytes of request bodies held while they are still arriving")
            .baseUnit("bytes")
            .register(registry);
    }

    /** The largest body relayed. */
    int maxBytes() {
        return this.maxBytes;
    }

    /** How long a body may take to arrive whole, from its first read. */
    Duration timeout() {
        return this.timeout;
    }

    /** Takes {@code bytes} from the budget, or fails with {@link Exhausted} and takes nothing. */
    void take(long bytes) {
        if (this.arriving.addAndGet(bytes) > this.budget) {
            this.arriving.addAndGet(-bytes);
            throw new Exhausted();
        }
    }

    void giveBack(long bytes) {
        this.arriving.addAndGet(-bytes);
    }

    /** The bodies arriving hold the whole budget: answered 503. */
    static final class Exhausted extends RuntimeException {

        Exhausted() {
            super("the request bodies arriving hold the gateway's whole budget for them", null, false, false);
        }

    }

    /** A body that did not arrive whole in time: answered 408. */
    static final class TooSlow extends RuntimeException {

        TooSlow() {
            super("the request body did not arrive whole in time", null, false, false);
        }

    }

}
