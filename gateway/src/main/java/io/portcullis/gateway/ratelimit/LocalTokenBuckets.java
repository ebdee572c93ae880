package io.portcullis.gateway.ratelimit;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Token buckets in this gateway's memory, with the semantics of Spring Cloud Gateway's Redis script (a bucket of
 * {@code burstCapacity} tokens refilled at {@code replenishRate} per second, {@code requestedTokens} per request):
 * the limits that still hold, per instance, while Redis cannot count. Buckets are forgotten when Redis answers again.
 */
final class LocalTokenBuckets {

    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    private final LongSupplier nanoTime;

    LocalTokenBuckets(LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
    }

    /** Takes {@code requested} tokens from the key's bucket if it holds them; returns the tokens left, or -1. */
    long tryTake(String key, long replenishRate, long burstCapacity, long requested) {
        Bucket bucket = this.buckets.computeIfAbsent(key,
                (ignored) -> new Bucket(burstCapacity, this.nanoTime.getAsLong()));
        return bucket.tryTake(replenishRate, burstCapacity, requested, this.nanoTime.getAsLong());
    }

    void clear() {
        if (!this.buckets.isEmpty()) {
            this.buckets.clear();
        }
    }

    private static final class Bucket {

        private double tokens;

        private long refilledAt;

        Bucket(long capacity, long now) {
            this.tokens = capacity;
            this.refilledAt = now;
        }

        synchronized long tryTake(long rate, long capacity, long requested, long now) {
            this.tokens = Math.min(capacity, this.tokens + (now - this.refilledAt) / 1e9 * rate);
            this.refilledAt = now;
            if (this.tokens < requested) {
                return -1;
            }
            this.tokens -= requested;
            return (long) this.tokens;
        }

    }

}
