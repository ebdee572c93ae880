package io.portcullis.auth.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import io.portcullis.auth.client.ClientProperties;

/**
 * Counts failed client authentications per client_id and locks a client_id out for a while once it reaches the
 * limit within the window, so that guessing one client's credentials is slowed down without touching any other
 * client. Counts live in this instance's memory: with N instances a guesser gets N times the attempts, which is
 * irrelevant against 256-bit secrets and keeps the hot path free of shared writes.
 */
public final class FailedAuthenticationThrottle {

    private final ClientProperties.Throttle settings;

    private final Clock clock;

    private final Cache<String, Failures> failures;

    public FailedAuthenticationThrottle(ClientProperties.Throttle settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
        Duration keep = settings.window().compareTo(settings.lockout()) > 0 ? settings.window() : settings.lockout();
        this.failures = Caffeine.newBuilder().maximumSize(100_000).expireAfterWrite(keep).build();
    }

    /** How long {@code clientId} must still wait, or {@link Duration#ZERO} if it may try now. */
    public Duration retryAfter(String clientId) {
        Failures current = this.failures.getIfPresent(clientId);
        if (current == null || current.lockedUntil() == null) {
            return Duration.ZERO;
        }
        Duration left = Duration.between(this.clock.instant(), current.lockedUntil());
        return left.isNegative() ? Duration.ZERO : left;
    }

    public void recordFailure(String clientId) {
        Instant now = this.clock.instant();
        this.failures.asMap().compute(clientId, (id, current) -> {
            if (current == null || current.windowStart().plus(this.settings.window()).isBefore(now)
                    || (current.lockedUntil() != null && !current.lockedUntil().isAfter(now))) {
                current = new Failures(now, 0, null);
            }
            int count = current.count() + 1;
            Instant lockedUntil = (count >= this.settings.maxFailures()) ? now.plus(this.settings.lockout()) : null;
            return new Failures(current.windowStart(), count, lockedUntil);
        });
    }

    public void recordSuccess(String clientId) {
        this.failures.invalidate(clientId);
    }

    private record Failures(Instant windowStart, int count, Instant lockedUntil) {
    }

}
