package io.portcullis.gateway.ratelimit;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Tokens this gateway instance took from a client's Redis bucket ahead of its requests, so that a busy client costs
 * one Redis call per lease instead of one per request. Every leased token was first taken from the shared bucket,
 * so all instances together never admit more than Redis granted (a lease's last tokens may be spent a little later
 * than Redis counted them, never twice), and no token Redis granted is thrown away.
 *
 * <p>A lease's size adapts to the client's traffic at this instance: it starts at one request's cost, doubles
 * (up to the route's maximum) each time a lease is spent within its lifetime (1 s), and halves when spending one took
 * more than two. A
 * client that calls now and then therefore takes exactly what it spends, and one that calls often takes up to the
 * maximum. A lease "expires" only for this sizing: its tokens stay spendable. After Redis refused a lease, requests ask for one request's cost only until the lease time has passed,
 * so a client at its limit is counted request by request, exactly as without leases.
 */
final class Leases {

    private final Map<String, Lease> leases = new ConcurrentHashMap<>();

    private final LongSupplier nanoTime;

    private final long lifetimeNanos;

    Leases(LongSupplier nanoTime, long lifetimeNanos) {
        this.nanoTime = nanoTime;
        this.lifetimeNanos = lifetimeNanos;
    }

    /**
     * Spends {@code cost} tokens of the key's lease; returns the tokens the client has left (what Redis held when
     * the lease was taken plus what the lease still holds), or -1 when the lease cannot pay and Redis must be asked.
     */
    long tryTake(String key, long cost) {
        Lease lease = this.leases.get(key);
        return (lease != null) ? lease.tryTake(cost) : -1;
    }

    /** How many tokens to ask Redis for: a multiple of {@code cost}, at least {@code cost}, at most {@code max}. */
    long nextSize(String key, long cost, long max) {
        Lease lease = this.leases.get(key);
        long size = (lease != null) ? lease.nextSize(cost, this.nanoTime.getAsLong()) : cost;
        return Math.max(1, Math.min(size / cost, max / cost)) * cost;
    }

    /** Redis granted {@code size} tokens, of which the request that asked spends {@code cost}. */
    void granted(String key, long size, long cost, long redisLeft) {
        long now = this.nanoTime.getAsLong();
        lease(key).add(size, size - cost, redisLeft, now + this.lifetimeNanos);
    }

    /** Redis refused a lease of more than one request's cost: ask for single requests until the lease time passed. */
    void refused(String key, long redisLeft) {
        long now = this.nanoTime.getAsLong();
        lease(key).refuse(redisLeft, now + this.lifetimeNanos);
    }

    /** Leases are given up when Redis cannot be reached: the fallback counts from then on. */
    void clear() {
        if (!this.leases.isEmpty()) {
            this.leases.clear();
        }
    }

    private Lease lease(String key) {
        return this.leases.computeIfAbsent(key, (ignored) -> new Lease());
    }

    private final class Lease {

        /** The size of the last lease taken. */
        private long size;

        private long left;

        private long redisLeft;

        private long expiresAt;

        private long refusedUntil;

        private boolean refused;

        synchronized long tryTake(long cost) {
            if (this.left < cost) {
                return -1;
            }
            this.left -= cost;
            return this.redisLeft + this.left;
        }

        synchronized long nextSize(long cost, long now) {
            if (this.refused && now - this.refusedUntil < 0) {
                return cost;
            }
            if (now - this.expiresAt < 0) {
                // spent within its lifetime: the client is busier than the lease
                return this.size * 2;
            }
            // spent over more than two lifetimes: larger than the client's traffic here
            return (now - this.expiresAt > Leases.this.lifetimeNanos) ? this.size / 2 : this.size;
        }

        /** Several requests may have asked at once: what the lease still holds is kept, not lost. */
        synchronized void add(long size, long left, long redisLeft, long expiresAt) {
            this.left += left;
            this.size = size;
            this.redisLeft = redisLeft;
            this.expiresAt = expiresAt;
        }

        synchronized void refuse(long redisLeft, long until) {
            this.redisLeft = redisLeft;
            this.refused = true;
            this.refusedUntil = until;
        }

    }

}
