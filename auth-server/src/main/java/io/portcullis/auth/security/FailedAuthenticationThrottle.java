package io.portcullis.auth.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import io.portcullis.auth.client.ClientProperties;

/**
 * Counts failed client authentications per source address and per (client_id, source address), and tells when
 * one of them has reached its limit within the window. It never keys on the client_id alone: failures sent by
 * anyone else must not lock out the holder of the right credentials, so a request whose authentication succeeds is
 * always served (see {@link FailedAuthenticationThrottleFilter}). Counts live in this instance's memory: with N
 * instances a guesser gets N times the attempts, which is irrelevant against 256-bit secrets and keeps the hot path
 * free of shared writes.
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

    /**
     * How long failures from {@code address} claiming {@code clientId} (may be {@code null}) are still answered
     * 429, or {@link Duration#ZERO}.
     */
    public Duration retryAfter(String clientId, String address) {
        Duration byAddress = retryAfter(addressKey(address));
        Duration byPair = (clientId != null) ? retryAfter(pairKey(clientId, address)) : Duration.ZERO;
        return (byAddress.compareTo(byPair) > 0) ? byAddress : byPair;
    }

    public void recordFailure(String clientId, String address) {
        record(addressKey(address), this.settings.maxFailuresPerAddress());
        if (clientId != null) {
            record(pairKey(clientId, address), this.settings.maxFailures());
        }
    }

    /**
     * Forgets the pair's failures. The address's count stays: an attacker with credentials of its own must not be
     * able to reset the count of its guesses at other clients.
     */
    public void recordSuccess(String clientId, String address) {
        if (clientId != null) {
            this.failures.invalidate(pairKey(clientId, address));
        }
    }

    private Duration retryAfter(String key) {
        Failures current = this.failures.getIfPresent(key);
        if (current == null || current.lockedUntil() == null) {
            return Duration.ZERO;
        }
        Duration left = Duration.between(this.clock.instant(), current.lockedUntil());
        return left.isNegative() ? Duration.ZERO : left;
    }

    private void record(String key, int limit) {
        Instant now = this.clock.instant();
        this.failures.asMap().compute(key, (id, current) -> {
            if (current == null || current.windowStart().plus(this.settings.window()).isBefore(now)
                    || (current.lockedUntil() != null && !current.lockedUntil().isAfter(now))) {
                current = new Failures(now, 0, null);
            }
            int count = current.count() + 1;
            Instant lockedUntil = (count >= limit) ? now.plus(this.settings.lockout()) : current.lockedUntil();
            return new Failures(current.windowStart(), count, lockedUntil);
        });
    }

    private static String addressKey(String address) {
        return "a " + address;
    }

    private static String pairKey(String clientId, String address) {
        return "c " + address + " " + clientId;
    }

    private record Failures(Instant windowStart, int count, Instant lockedUntil) {
    }

}
