package io.portcullis.auth.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import io.portcullis.auth.client.ClientProperties;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class FailedAuthenticationThrottleTests {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-27T10:00:00Z"));

    private final FailedAuthenticationThrottle throttle = new FailedAuthenticationThrottle(
            new ClientProperties.Throttle(3, 5, Duration.ofMinutes(1), Duration.ofSeconds(30)), this.clock);

    @Test
    void retryAfterWhenPairReachesLimitThenOnlyThatPairThrottled() {
        fail("a", "10.0.0.1", 3);

        assertThat(this.throttle.retryAfter("a", "10.0.0.1")).isEqualTo(Duration.ofSeconds(30));
        assertThat(this.throttle.retryAfter("a", "10.0.0.2")).isZero();
        assertThat(this.throttle.retryAfter("b", "10.0.0.1")).isZero();
        this.clock.advance(Duration.ofSeconds(31));
        assertThat(this.throttle.retryAfter("a", "10.0.0.1")).isZero();
    }

    @Test
    void retryAfterWhenAddressReachesLimitOverManyClientIdsThenAddressThrottled() {
        for (int i = 0; i < 5; i++) {
            fail("id-" + i, "10.0.0.1", 1);
        }

        assertThat(this.throttle.retryAfter("anyone", "10.0.0.1")).isEqualTo(Duration.ofSeconds(30));
        assertThat(this.throttle.retryAfter(null, "10.0.0.1")).isEqualTo(Duration.ofSeconds(30));
        assertThat(this.throttle.retryAfter("anyone", "10.0.0.2")).isZero();
    }

    @Test
    void retryAfterWhenFailuresSpreadBeyondWindowThenNotThrottled() {
        fail("a", "10.0.0.1", 2);
        this.clock.advance(Duration.ofMinutes(2));
        fail("a", "10.0.0.1", 2);

        assertThat(this.throttle.retryAfter("a", "10.0.0.1")).isZero();
    }

    @Test
    void recordSuccessWhenBelowLimitThenPairCountStartsOverButAddressCountStays() {
        fail("a", "10.0.0.1", 2);
        this.throttle.recordSuccess("a", "10.0.0.1");
        fail("a", "10.0.0.1", 2);

        assertThat(this.throttle.retryAfter("a", "10.0.0.1")).isZero();
        fail("b", "10.0.0.1", 1);
        assertThat(this.throttle.retryAfter("c", "10.0.0.1")).isEqualTo(Duration.ofSeconds(30));
    }

    private void fail(String clientId, String address, int times) {
        for (int i = 0; i < times; i++) {
            this.throttle.recordFailure(clientId, address);
        }
    }

    static final class MutableClock extends Clock {

        private Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration duration) {
            this.now = this.now.plus(duration);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return this.now;
        }

    }

}
