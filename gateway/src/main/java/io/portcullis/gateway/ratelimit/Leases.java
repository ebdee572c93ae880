package io.portcullis.gateway.ratelimit;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Tokens this gateway instance took from a client's Redis bucket ahead of its requests, so that a busy client costs
 * one Redis call per lease instead of one per request. Every leased token was first taken from the shared bucket,
 * so all instances together never admit more than Redis granted; what a lease still holds when it expires is given
 * up (never spent later).
 *
 * <p>A lease's size adapts to the client's traffic at this instance: it starts at one request's cost, doubles
 * (up to the route's maximum) each time a lease is spent before it expires, and halves when one expires unspent. A
 * client that calls now and then therefore takes exactly what it spends, and one that calls often takes up to the
 * maximum. After Redis refused a lease, requests ask for one request's cost only until the lease time has passed,
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
        return (lease != null) ? lease.tryTake(cost, this.nanoTime.getAsLong()) : -1;
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
        lease(key).add(size, size - cost, redisLeft, now, now + this.lifetimeNanos);
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

    private static final class Lease {

        /** The size of the last lease taken. */
        private long size;

        private long left;

        private long redisLeft;

        private long expiresAt;

        private long refusedUntil;

        private boolean refused;

        synchronized long tryTake(long cost, long now) {
            if (now - this.expiresAt >= 0 || this.left < cost) {
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
                // spent before it expired: the client is busier than the lease
                return this.size * 2;
            }
            // expired: unspent tokens mean the lease was larger than the client's traffic here
            return (this.left >= cost) ? this.size / 2 : this.size;
        }

        /** Several requests may have asked at once: what an unexpired lease still holds is kept, not lost. */
        synchronized void add(long size, long left, long redisLeft, long now, long expiresAt) {
            this.left = ((now - this.expiresAt < 0) ? this.left : 0) + left;
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
