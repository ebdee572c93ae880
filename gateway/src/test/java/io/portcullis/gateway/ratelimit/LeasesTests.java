package io.portcullis.gateway.ratelimit;

import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LeasesTests {

    private static final long SECOND = 1_000_000_000L;

    private final AtomicLong now = new AtomicLong();

    private final Leases leases = new Leases(this.now::get, SECOND);

    @Test
    void tryTakeWhenNoLeaseThenRedisMustBeAsked() {
        assertThat(this.leases.tryTake("users.client:a", 1)).isEqualTo(-1);
        assertThat(this.leases.nextSize("users.client:a", 1, 10)).isEqualTo(1);
    }

    @Test
    void tryTakeWhenLeaseHoldsTokensThenSpentLocallyAndLeftCountsRedisToo() {
        this.leases.granted("users.client:a", 4, 1, 50);

        assertThat(this.leases.tryTake("users.client:a", 1)).isEqualTo(52);
        assertThat(this.leases.tryTake("users.client:a", 1)).isEqualTo(51);
        assertThat(this.leases.tryTake("users.client:a", 1)).isEqualTo(50);
        assertThat(this.leases.tryTake("users.client:a", 1)).isEqualTo(-1);
    }

    @Test
    void tryTakeWhenLeaseOlderThanItsLifetimeThenItsTokensAreStillSpent() {
        this.leases.granted("users.client:a", 3, 1, 50);

        this.now.addAndGet(10 * SECOND);

        // Redis granted them: thrown away, they would be refused to a client within its limit
        assertThat(this.leases.tryTake("users.client:a", 1)).isEqualTo(51);
        assertThat(this.leases.tryTake("users.client:a", 1)).isEqualTo(50);
        assertThat(this.leases.tryTake("users.client:a", 1)).isEqualTo(-1);
    }

    @Test
    void nextSizeWhenLeasesSpentInTimeThenDoublesUpToTheMaximumInMultiplesOfTheCost() {
        long size = this.leases.nextSize("k", 3, 20);
        assertThat(size).isEqualTo(3);
        for (long expected : new long[] { 6, 12, 18, 18 }) {
            this.leases.granted("k", size, 3, 100);
            while (this.leases.tryTake("k", 3) >= 0) {
                this.now.addAndGet(1_000_000L);
            }
            size = this.leases.nextSize("k", 3, 20);
            assertThat(size).isEqualTo(expected);
        }
    }

    @Test
    void nextSizeWhenSpendingALeaseTookMoreThanTwoLifetimesThenHalves() {
        this.leases.granted("k", 16, 1, 100);
        while (this.leases.tryTake("k", 1) >= 0) {
            this.now.addAndGet(SECOND / 5);
        }

        assertThat(this.leases.nextSize("k", 1, 64)).isEqualTo(8);
    }

    @Test
    void nextSizeWhenSpendingALeaseTookBetweenOneAndTwoLifetimesThenTheSameSize() {
        this.leases.granted("k", 16, 1, 100);
        while (this.leases.tryTake("k", 1) >= 0) {
            this.now.addAndGet(SECOND / 10);
        }

        assertThat(this.leases.nextSize("k", 1, 64)).isEqualTo(16);
    }

    @Test
    void nextSizeWhenClientCallsLessThanOncePerLeaseThenStaysAtOneRequest() {
        for (int i = 0; i < 5; i++) {
            long size = this.leases.nextSize("k", 1, 64);
            assertThat(size).isEqualTo(1);
            this.leases.granted("k", size, 1, 100);
            this.now.addAndGet(2 * SECOND);
        }
    }

    @Test
    void nextSizeWhenRedisRefusedALeaseThenSingleRequestsUntilTheLeaseTimePassed() {
        this.leases.granted("k", 8, 1, 100);
        this.leases.refused("k", 3);

        assertThat(this.leases.nextSize("k", 1, 64)).isEqualTo(1);
        this.leases.granted("k", 1, 1, 2);
        assertThat(this.leases.nextSize("k", 1, 64)).isEqualTo(1);

        this.now.addAndGet(SECOND);

        assertThat(this.leases.nextSize("k", 1, 64)).isEqualTo(1);
        this.leases.granted("k", 1, 1, 50);
        // the refusal is over: a lease spent in time doubles again
        assertThat(this.leases.nextSize("k", 1, 64)).isEqualTo(2);
    }

    @Test
    void grantedWhenTwoRequestsLeasedAtOnceThenBothLeasesAreSpendable() {
        this.leases.granted("k", 4, 1, 10);
        this.leases.granted("k", 4, 1, 6);

        int spent = 0;
        while (this.leases.tryTake("k", 1) >= 0) {
            spent++;
        }
        assertThat(spent).isEqualTo(6);
    }

    @Test
    void clearWhenRedisFailsThenNoLeaseIsSpent() {
        this.leases.granted("k", 8, 1, 10);

        this.leases.clear();

        assertThat(this.leases.tryTake("k", 1)).isEqualTo(-1);
    }

}
