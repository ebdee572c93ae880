package io.portcullis.token;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;

import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;

/**
 * Tokens that passed every check, keyed by the exact token string, kept until their {@code exp} (plus skew): a
 * client repeating its token skips parsing and signature verification (measured at about a fifth of a service's
 * CPU). Only successes are stored, and the expiry is checked again on every hit, so a remembered token is never
 * accepted after {@code exp} plus the skew. Used by the servlet and reactive decoders of the consumers.
 */
public final class ValidatedTokens {

    private final Duration clockSkew;

    private final Clock clock;

    private final Cache<String, Jwt> validated;

    public ValidatedTokens(int maxSize, Duration clockSkew, Clock clock) {
        this.clockSkew = clockSkew;
        this.clock = clock;
        // the cache's upkeep runs on the thread that reads or writes, in small batches: the default hands it to the
        // common fork-join pool, which woke one of its threads every few reads (measured on the gateway's event loops)
        this.validated = Caffeine.newBuilder()
            .executor(Runnable::run)
            .maximumSize(maxSize)
            .expireAfter(new UntilExpiry(clockSkew))
            .build();
    }

    /**
     * The remembered token, or {@code null} if it must be validated.
     * @throws BadJwtException if it was valid but has expired since
     */
    public Jwt get(String token) {
        Jwt cached = this.validated.getIfPresent(token);
        if (cached == null) {
            return null;
        }
        if (cached.getExpiresAt().plus(this.clockSkew).isAfter(this.clock.instant())) {
            return cached;
        }
        this.validated.invalidate(token);
        throw new BadJwtException("Expired");
    }

    /** Remembers a token that passed every check. */
    public void put(String token, Jwt jwt) {
        this.validated.put(token, jwt);
    }

    private static final class UntilExpiry implements Expiry<String, Jwt> {

        private final Duration skew;

        UntilExpiry(Duration skew) {
            this.skew = skew;
        }

        @Override
        public long expireAfterCreate(String key, Jwt jwt, long currentTime) {
            return Math.max(0, Duration.between(Instant.now(), jwt.getExpiresAt().plus(this.skew)).toNanos());
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
