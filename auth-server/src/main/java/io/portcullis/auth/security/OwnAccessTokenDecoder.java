package io.portcullis.auth.security;

import java.util.Arrays;
import java.util.List;

import io.portcullis.auth.key.SigningKeyRing;
import io.portcullis.auth.system.TokenProperties;
import io.portcullis.auth.token.TokenStanding;
import io.portcullis.token.SigningAlgorithm;

import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.JwtTypeValidator;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.stereotype.Component;

/**
 * Decodes the access tokens this server issued for its own APIs (the security feed, the admin API): signed by one
 * of its published keys, {@code typ at+jwt}, its issuer, its issuer as the only audience (a token that also names
 * another resource is accepted there, so that resource could replay it here), unexpired, and still standing
 * ({@link TokenStanding}): the client exists and is enabled, the token belongs to its current incarnation, its tokens
 * were not revoked after this one was issued, it still holds every scope the token carries, and the {@code jti} is
 * not revoked. A demoted or disabled admin, or a revoked admin token, loses access on its next call, not when the
 * token expires: the scopes the API then checks are only scopes the client still holds.
 */
@Component
public final class OwnAccessTokenDecoder implements JwtDecoder {

    private static final OAuth2Error NOT_STANDING = new OAuth2Error(OAuth2ErrorCodes.INVALID_TOKEN,
            "The token was revoked, its client is disabled or gone, or a scope it carries was taken away", null);

    private final NimbusJwtDecoder decoder;

    private final TokenStanding standing;

    OwnAccessTokenDecoder(SigningKeyRing keys, TokenProperties tokens, TokenStanding standing) {
        this.standing = standing;
        this.decoder = NimbusJwtDecoder.withJwkSource(keys)
            .jwsAlgorithms((algorithms) -> Arrays.stream(SigningAlgorithm.values())
                .forEach((algorithm) -> algorithms.add(algorithm.signature())))
            .build();
        this.decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(new JwtTypeValidator("at+jwt"),
                new JwtTimestampValidator(), new JwtIssuerValidator(tokens.issuer().toString()),
                new JwtClaimValidator<List<String>>(JwtClaimNames.AUD,
                        (audience) -> audience != null && audience.size() == 1
                                && audience.contains(tokens.issuer().toString())),
                this::standing));
    }

    @Override
    public Jwt decode(String token) throws JwtException {
        return this.decoder.decode(token);
    }

    private OAuth2TokenValidatorResult standing(Jwt jwt) {
        return (this.standing.standingClient(jwt) != null) ? OAuth2TokenValidatorResult.success()
                : OAuth2TokenValidatorResult.failure(NOT_STANDING);
    }

}
