package io.portcullis.auth.token;

import java.time.Duration;
import java.time.Instant;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;

/**
 * RFC 7523 §3: a client assertion carries a {@code jti} and a short lifetime, and is used once. Seen identifiers
 * are remembered in memory until the assertion expires. This guards each instance; an assertion replayed against
 * another instance within its lifetime is not caught (a shared store would cost a database write per token).
 */
final class ClientAssertionReplayValidator implements OAuth2TokenValidator<Jwt> {

    static final Duration MAX_LIFETIME = Duration.ofMinutes(10);

    private final Cache<String, Instant> seen = Caffeine.newBuilder()
        .maximumSize(1_000_000)
        .expireAfterWrite(MAX_LIFETIME.plusMinutes(1))
        .build();

    @Override
    public OAuth2TokenValidatorResult validate(Jwt assertion) {
        if (assertion.getId() == null || assertion.getExpiresAt() == null) {
            return failure("The client assertion must carry jti and exp");
        }
        Instant issuedAt = (assertion.getIssuedAt() != null) ? assertion.getIssuedAt() : Instant.now();
        if (Duration.between(issuedAt, assertion.getExpiresAt()).compareTo(MAX_LIFETIME) > 0) {
            return failure("The client assertion must not live longer than " + MAX_LIFETIME.toMinutes() + " minutes");
        }
        String key = assertion.getSubject() + " " + assertion.getId();
        if (this.seen.asMap().putIfAbsent(key, assertion.getExpiresAt()) != null) {
            return failure("The client assertion was used before");
        }
        return OAuth2TokenValidatorResult.success();
    }

    private static OAuth2TokenValidatorResult failure(String description) {
        return OAuth2TokenValidatorResult.failure(new OAuth2Error(OAuth2ErrorCodes.INVALID_CLIENT, description, null));
    }

}
