package io.portcullis.gateway.downstream;

import java.util.function.LongSupplier;

/**
 * Caps retries so that they cannot multiply load during an outage (the retry budget of Finagle and Envoy): every
 * request earns a fraction of a retry, and a small reserve refills with time so that quiet traffic can retry too.
 * A retry spends one whole token; without one the failure is answered as it is.
 */
final class RetryBudget {

    /** Tokens are counted in thousandths, so that five requests at a ratio of 0.2 earn exactly one retry. */
    private static final long ONE = 1000;

    private final long ratio;

    private final double reservePerSecond;

    private final long earnedCapacity;

    private final LongSupplier nanoTime;

    private double reserve;

    private long earned;

    private long refilledAt;

    RetryBudget(DownstreamProperties.Retry settings, LongSupplier nanoTime) {
        this.ratio = Math.round(settings.budgetRatio() * ONE);
        this.reservePerSecond = settings.minPerSecond();
        // a burst of retries may spend what 1,000 requests earned, no more
        this.earnedCapacity = Math.max(ONE, 1000 * this.ratio);
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
        if (this.earned >= ONE) {
            this.earned -= ONE;
            return true;
        }
        return false;
    }

}
