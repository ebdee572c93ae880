package io.portcullis.gateway.downstream;

import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The heap the request bodies still arriving may take together ({@code portcullis.downstream.max-arriving-bodies}).
 * <p>
 * Each body is held whole before it is relayed (so that it can be sent again on a retry), up to the body limit. The
 * limit bounds one request, not how many are arriving at once: clients uploading slowly on enough streams and
 * connections (100 streams per h2 connection) could fill the heap, and the JVM then exits. A body whose next bytes
 * would take the total beyond the budget is refused with 503 instead; the others go on. A body counts from its first
 * byte until it has arrived whole or failed; the gauge {@code portcullis.gateway.bodies.arriving} shows the total.
 */
final class BodyBudget {

    private final long limit;

    private final AtomicLong arriving = new AtomicLong();

    BodyBudget(long limit, MeterRegistry registry) {
        this.limit = limit;
        Gauge.builder("portcullis.gateway.bodies.arriving", this.arriving, AtomicLong::get)
            .description("Bytes of request bodies held while they are still arriving")
            .baseUnit("bytes")
            .register(registry);
    }

    /** Takes {@code bytes} from the budget, or fails with {@link Exhausted} and takes nothing. */
    void take(long bytes) {
        if (this.arriving.addAndGet(bytes) > this.limit) {
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

}
