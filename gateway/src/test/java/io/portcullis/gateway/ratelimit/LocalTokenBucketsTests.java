package io.portcullis.gateway.ratelimit;

import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LocalTokenBucketsTests {

    private final AtomicLong now = new AtomicLong();

    private final LocalTokenBuckets buckets = new LocalTokenBuckets(this.now::get);

    @Test
    void tryTakeWhenBurstSpentThenRefusedUntilReplenished() {
        assertThat(this.buckets.tryTake("users\nalice", 2, 3, 1)).isEqualTo(2);
        assertThat(this.buckets.tryTake("users\nalice", 2, 3, 1)).isEqualTo(1);
        assertThat(this.buckets.tryTake("users\nalice", 2, 3, 1)).isZero();
        assertThat(this.buckets.tryTake("users\nalice", 2, 3, 1)).isEqualTo(-1);

        this.now.addAndGet(500_000_000L);

        assertThat(this.buckets.tryTake("users\nalice", 2, 3, 1)).isZero();
        assertThat(this.buckets.tryTake("users\nalice", 2, 3, 1)).isEqualTo(-1);
    }

    @Test
    void tryTakeWhenIdleLongThenRefilledOnlyToCapacity() {
        this.buckets.tryTake("users\nbob", 10, 5, 5);

        this.now.addAndGet(60_000_000_000L);

        assertThat(this.buckets.tryTake("users\nbob", 10, 5, 1)).isEqualTo(4);
    }

    @Test
    void tryTakeWhenOtherClientOrRouteThenSeparateBuckets() {
        this.buckets.tryTake("users\nalice", 1, 1, 1);

        assertThat(this.buckets.tryTake("users\nalice", 1, 1, 1)).isEqualTo(-1);
        assertThat(this.buckets.tryTake("users\ncarol", 1, 1, 1)).isZero();
        assertThat(this.buckets.tryTake("orders\nalice", 1, 1, 1)).isZero();
    }

    @Test
    void clearWhenRedisBackThenBucketsStartFull() {
        this.buckets.tryTake("users\nalice", 1, 1, 1);

        this.buckets.clear();

        assertThat(this.buckets.tryTake("users\nalice", 1, 1, 1)).isZero();
    }

}
