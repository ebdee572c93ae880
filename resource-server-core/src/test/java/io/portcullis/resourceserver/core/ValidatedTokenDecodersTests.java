package io.portcullis.resourceserver.core;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class ValidatedTokenDecodersTests {

    private final AtomicInteger decoded = new AtomicInteger();

    @Test
    void decodeWhenSameTokenTwiceThenValidatedOnce() {
        JwtDecoder cache = cache(expiringIn(Duration.ofMinutes(5)), Clock.systemUTC());

        Jwt first = cache.decode("token-a");
        Jwt second = cache.decode("token-a");

        assertThat(second).isSameAs(first);
        assertThat(this.decoded).hasValue(1);
    }

    @Test
    void decodeWhenTokenInvalidThenRejectedEveryTimeAndNotCached() {
        JwtDecoder rejecting = (token) -> {
            this.decoded.incrementAndGet();
            throw new BadJwtException("bad");
        };
        JwtDecoder cache = ValidatedTokenDecoders.caching(rejecting, 100, Duration.ofSeconds(30), Clock.systemUTC());

        assertThatExceptionOfType(BadJwtException.class).isThrownBy(() -> cache.decode("bad"));
        assertThatExceptionOfType(BadJwtException.class).isThrownBy(() -> cache.decode("bad"));
        assertThat(this.decoded).hasValue(2);
    }

    @Test
    void decodeWhenCachedTokenExpiredThenRejected() {
        Instant now = Instant.now();
        JwtDecoder decoder = expiringIn(Duration.ofSeconds(10));
        JwtDecoder cache = ValidatedTokenDecoders.caching(decoder, 100, Duration.ofSeconds(30),
                Clock.fixed(now.plusSeconds(60), java.time.ZoneOffset.UTC));

        // the delegate accepted it (its own clock), but by the cache's clock it is past exp + skew
        assertThat(cache.decode("token-b")).isNotNull();
        assertThatExceptionOfType(BadJwtException.class).isThrownBy(() -> cache.decode("token-b"));
    }

    private JwtDecoder cache(JwtDecoder decoder, Clock clock) {
        return ValidatedTokenDecoders.caching(decoder, 100, Duration.ofSeconds(30), clock);
    }

    private JwtDecoder expiringIn(Duration lifetime) {
        return (token) -> {
            this.decoded.incrementAndGet();
            Instant now = Instant.now();
            return Jwt.withTokenValue(token).header("alg", "RS256").subject("s").issuedAt(now)
                .expiresAt(now.plus(lifetime)).build();
        };
    }

}
