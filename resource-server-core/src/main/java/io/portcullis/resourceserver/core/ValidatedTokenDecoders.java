package io.portcullis.resourceserver.core;

import java.time.Clock;
import java.time.Duration;

import io.portcullis.token.ValidatedTokens;
import reactor.core.publisher.Mono;

import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;

/**
 * Decoders that skip validation of tokens they validated before and that have not expired
 * ({@link ValidatedTokens}), for the servlet services and the reactive gateway alike.
 */
public final class ValidatedTokenDecoders {

    private ValidatedTokenDecoders() {
    }

    public static JwtDecoder caching(JwtDecoder delegate, int maxSize, Duration clockSkew, Clock clock) {
        ValidatedTokens validated = new ValidatedTokens(maxSize, clockSkew, clock);
        return (token) -> {
            Jwt cached = validated.get(token);
            if (cached != null) {
                return cached;
            }
            Jwt jwt = delegate.decode(token);
            validated.put(token, jwt);
            return jwt;
        };
    }

    public static ReactiveJwtDecoder caching(ReactiveJwtDecoder delegate, int maxSize, Duration clockSkew,
            Clock clock) {
        ValidatedTokens validated = new ValidatedTokens(maxSize, clockSkew, clock);
        return (token) -> Mono.defer(() -> {
            Jwt cached = validated.get(token);
            return (cached != null) ? Mono.just(cached)
                    : delegate.decode(token).doOnNext((jwt) -> validated.put(token, jwt));
        });
    }

}
