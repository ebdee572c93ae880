package io.portcullis.gateway.downstream;

import java.util.function.LongSupplier;

/**
 * Caps retries so that they cannot multiply load during an outage (the retry budget of Finagle and Envoy): every
 * request earns a fraction of a retry, and a small reserve refills with time so that quiet traffic can retry too.
 * A retry spends one whole token; without one the failure is answered as it is.
 */
final class RetryBudget {

    private final double ratio;

    private final double reservePerSecond;

    private final double earnedCapacity;

    private final LongSupplier nanoTime;

    private double reserve;

    private double earned;

    private long refilledAt;

    RetryBudget(DownstreamProperties.Retry settings, LongSupplier nanoTime) {
        this.ratio = settings.budgetRatio();
        this.reservePerSecond = settings.minPerSecond();
        // a burst of retries may spend what ten seconds at 100 requests a second earned, no more
        this.earnedCapacity = Math.max(1, 1000 * settings.budgetRatio());
        this.nanoTime = nanoTime;
        this.reserve = settings.minPerSecond();
        this.refilledAt = nanoTime.getAsLong();
    }

    synchronized void requested() {
        this.earned = Math.min(this.earnedCapacity, this.earned + this.ratio);
    }

    synchronized boolean tryRetry() {
        long now = this.nanoTime.getAsLong();
        this.reserve = Math.min(this.reservePerSecond,
                this.reserve + this.reservePerSecond * (now - this.refilledAt) / 1e9);
        this.refilledAt = now;
        if (this.reserve >= 1) {
            this.reserve -= 1;
            return true;
        }
        if (this.earned >= 1) {
            this.earned -= 1;
            return true;
        }
        return false;
    }

}
