package io.portcullis.resourceserver;

import java.time.Clock;
import java.time.Duration;

import io.portcullis.token.ValidatedTokens;

import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;

/** A decoder that skips validation of tokens it validated before and that have not expired ({@link ValidatedTokens}). */
final class ValidatedTokenCache implements JwtDecoder {

    private final JwtDecoder delegate;

    private final ValidatedTokens validated;

    ValidatedTokenCache(JwtDecoder delegate, int maxSize, Duration clockSkew, Clock clock) {
        this.delegate = delegate;
        this.validated = new ValidatedTokens(maxSize, clockSkew, clock);
    }

    @Override
    public Jwt decode(String token) {
        Jwt cached = this.validated.get(token);
        if (cached != null) {
            return cached;
        }
        Jwt jwt = this.delegate.decode(token);
        this.validated.put(token, jwt);
        return jwt;
    }

}
