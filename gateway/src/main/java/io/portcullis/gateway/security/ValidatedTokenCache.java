package io.portcullis.gateway.security;

import java.time.Clock;
import java.time.Duration;

import io.portcullis.token.ValidatedTokens;
import reactor.core.publisher.Mono;

import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;

/** A decoder that skips validation of tokens it validated before and that have not expired ({@link ValidatedTokens}). */
final class ValidatedTokenCache implements ReactiveJwtDecoder {

    private final ReactiveJwtDecoder delegate;

    private final ValidatedTokens validated;

    ValidatedTokenCache(ReactiveJwtDecoder delegate, int maxSize, Duration clockSkew, Clock clock) {
        this.delegate = delegate;
        this.validated = new ValidatedTokens(maxSize, clockSkew, clock);
    }

    @Override
    public Mono<Jwt> decode(String token) {
        return Mono.defer(() -> {
            Jwt cached = this.validated.get(token);
            return (cached != null) ? Mono.just(cached)
                    : this.delegate.decode(token).doOnNext((jwt) -> this.validated.put(token, jwt));
        });
    }

}
