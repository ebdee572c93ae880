package io.portcullis.gateway.downstream;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.LoggerFactory;

/**
 * The limits on request bodies while they arrive: each at most {@code portcullis.downstream.max-body} bytes (413
 * beyond it) arriving whole within {@code portcullis.downstream.body-timeout} (408 after it), those of one client
 * together at most {@code portcullis.downstream.max-arriving-bodies-per-client} (429 beyond it), and all of them
 * together at most {@code portcullis.downstream.max-arriving-bodies} of the heap (503 beyond it).
 * <p>
 * Each body is held whole before it is relayed (so that it can be sent again on a retry). The body limit bounds one
 * request, not how many are arriving at once: clients uploading slowly on enough streams and connections (100
 * streams per h2 connection) could fill the heap, and the JVM then exits. A body whose next bytes would take the total
 * beyond the budget is refused with 503 instead; the others go on. A body counts from its first byte until it has
 * arrived whole, failed or been cut off; the gauge {@code portcullis.gateway.bodies.arriving} shows the total.
 * <p>
 * The share of one client (by the validated token's {@code client_id}) keeps one client, within its rate limit, from
 * holding the whole budget with slow uploads, so that every other client's uploads got 503: a client beyond its share
 * is answered 429 and the others go on. Each client's count changes in one atomic step of its map entry, which is
 * dropped when it reaches 0, so the map holds only the clients with a body arriving.
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

    private final long clientShare;

    private final AtomicLong arriving = new AtomicLong();

    private final ConcurrentHashMap<String, Long> byClient = new ConcurrentHashMap<>();

    ArrivingBodies(long maxBytes, Duration timeout, long budget, long clientShare, MeterRegistry registry) {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("portcullis.downstream.body-timeout must be above 0, was " + timeout);
        }
        if (clientShare <= 0) {
            throw new IllegalArgumentException(
                    "portcullis.downstream.max-arriving-bodies-per-client must be above 0, was " + clientShare);
        }
        if (clientShare < maxBytes) {
            LoggerFactory.getLogger(ArrivingBodies.class)
                .warn("portcullis.downstream.max-arriving-bodies-per-client ({} bytes) is below max-body ({} bytes): a "
                        + "body larger than the share is always refused with 429", clientShare, maxBytes);
        }
        this.maxBytes = (int) Math.min(Integer.MAX_VALUE, maxBytes);
        this.timeout = timeout;
        this.budget = budget;
        this.clientShare = clientShare;
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

    /**
     * Takes {@code bytes} from {@code client}'s share and from the budget, or fails with {@link OverShare} or
     * {@link Exhausted} and takes nothing.
     */
    void take(String client, long bytes) {
        boolean[] over = new boolean[1];
        this.byClient.compute(client, (key, held) -> {
            long now = ((held != null) ? held : 0) + bytes;
            over[0] = now > this.clientShare;
            return over[0] ? held : Long.valueOf(now);
        });
        if (over[0]) {
            throw new OverShare();
        }
        if (this.arriving.addAndGet(bytes) > this.budget) {
            this.arriving.addAndGet(-bytes);
            release(client, bytes);
            throw new Exhausted();
        }
    }

    void giveBack(String client, long bytes) {
        this.arriving.addAndGet(-bytes);
        release(client, bytes);
    }

    /** Gives {@code bytes} back to {@code client}'s share; a client left with none is dropped, in the same step. */
    private void release(String client, long bytes) {
        this.byClient.computeIfPresent(client, (key, held) -> (held - bytes > 0) ? Long.valueOf(held - bytes) : null);
    }

    /** The bodies arriving hold the whole budget: answered 503. */
    static final class Exhausted extends RuntimeException {

        Exhausted() {
            super("the request bodies arriving hold the gateway's whole budget for them", null, false, false);
        }

    }

    /** The bodies arriving of one client hold its whole share: answered 429. */
    static final class OverShare extends RuntimeException {

        OverShare() {
            super("the request bodies arriving of this client hold its whole share of the budget", null, false, false);
        }

    }

    /** A body that did not arrive whole in time: answered 408. */
    static final class TooSlow extends RuntimeException {

        TooSlow() {
            super("the request body did not arrive whole in time", null, false, false);
        }

    }

}
