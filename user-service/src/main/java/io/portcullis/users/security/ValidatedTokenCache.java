package io.portcullis.users.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;

import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;

/**
 * Remembers tokens that passed every check, keyed by the exact token string, until their {@code exp}: a client
 * repeating its token skips parsing and signature verification (measured at about a fifth of the service's CPU,
 * see the README). Only successes are cached; the expiry is checked again on every hit, so a cached token is
 * never accepted after {@code exp} plus the configured skew.
 */
final class ValidatedTokenCache implements JwtDecoder {

    private final JwtDecoder delegate;

    private final Duration clockSkew;

    private final Clock clock;

    private final Cache<String, Jwt> validated;

    ValidatedTokenCache(JwtDecoder delegate, int maxSize, Duration clockSkew, Clock clock) {
        this.delegate = delegate;
        this.clockSkew = clockSkew;
        this.clock = clock;
        this.validated = Caffeine.newBuilder().maximumSize(maxSize).expireAfter(new UntilExpiry(clockSkew)).build();
    }

    @Override
    public Jwt decode(String token) {
        Jwt cached = this.validated.getIfPresent(token);
        if (cached != null) {
            if (cached.getExpiresAt().plus(this.clockSkew).isAfter(this.clock.instant())) {
                return cached;
            }
            this.validated.invalidate(token);
            throw new BadJwtException("Expired");
        }
        Jwt jwt = this.delegate.decode(token);
        this.validated.put(token, jwt);
        return jwt;
    }

    private static final class UntilExpiry implements Expiry<String, Jwt> {

        private final Duration skew;

        UntilExpiry(Duration skew) {
            this.skew = skew;
        }

        @Override
        public long expireAfterCreate(String key, Jwt jwt, long currentTime) {
            long left = Duration.between(Instant.now(), jwt.getExpiresAt().plus(this.skew)).toNanos();
            return Math.max(0, left);
        }

        @Override
        public long expireAfterUpdate(String key, Jwt jwt, long currentTime, long currentDuration) {
            return expireAfterCreate(key, jwt, currentTime);
        }

        @Override
        public long expireAfterRead(String key, Jwt jwt, long currentTime, long currentDuration) {
            return currentDuration;
        }

    }

}
