package io.portcullis.gateway.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import reactor.core.publisher.Mono;

import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;

/**
 * Remembers tokens that passed every check, keyed by the exact token string, until their {@code exp}: a client
 * repeating its token skips parsing and signature verification at the edge. Only successes are cached and the
 * expiry is checked again on every hit.
 */
final class ValidatedTokenCache implements ReactiveJwtDecoder {

    private final ReactiveJwtDecoder delegate;

    private final Duration clockSkew;

    private final Clock clock;

    private final Cache<String, Jwt> validated;

    ValidatedTokenCache(ReactiveJwtDecoder delegate, int maxSize, Duration clockSkew, Clock clock) {
        this.delegate = delegate;
        this.clockSkew = clockSkew;
        this.clock = clock;
        this.validated = Caffeine.newBuilder().maximumSize(maxSize).expireAfter(new Expiry<String, Jwt>() {
            @Override
            public long expireAfterCreate(String key, Jwt jwt, long currentTime) {
                return Math.max(0, Duration.between(Instant.now(), jwt.getExpiresAt().plus(clockSkew)).toNanos());
            }

            @Override
            public long expireAfterUpdate(String key, Jwt jwt, long currentTime, long currentDuration) {
                return expireAfterCreate(key, jwt, currentTime);
            }

            @Override
            public long expireAfterRead(String key, Jwt jwt, long currentTime, long currentDuration) {
                return currentDuration;
            }
        }).build();
    }

    @Override
    public Mono<Jwt> decode(String token) {
        Jwt cached = this.validated.getIfPresent(token);
        if (cached != null) {
            if (cached.getExpiresAt().plus(this.clockSkew).isAfter(this.clock.instant())) {
                return Mono.just(cached);
            }
            this.validated.invalidate(token);
            return Mono.error(new BadJwtException("Expired"));
        }
        return this.delegate.decode(token).doOnNext((jwt) -> this.validated.put(token, jwt));
    }

}
