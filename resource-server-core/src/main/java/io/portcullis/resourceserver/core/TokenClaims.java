package io.portcullis.resourceserver.core;

import io.portcullis.token.AccessTokenValidation;
import org.jspecify.annotations.Nullable;

import org.springframework.security.oauth2.jwt.Jwt;

/**
 * A validated token's claims as every request reads them. Spring Security's {@link Jwt#getClaimAsString} sends each
 * claim through the conversion service, which costs on a per-request path; a claim that already is a string (always
 * so for the platform's tokens) is taken as it is, and anything else is converted as before.
 */
public final class TokenClaims {

    public static final String CLIENT_ID = AccessTokenValidation.CLIENT_ID;

    private TokenClaims() {
    }

    /** The claim as a string, {@code null} when absent; as {@link Jwt#getClaimAsString} would answer. */
    public static @Nullable String string(Jwt jwt, String claim) {
        return (jwt.getClaims().get(claim) instanceof String text) ? text : jwt.getClaimAsString(claim);
    }

    /** The {@code client_id} claim, {@code null} when absent. */
    public static @Nullable String clientId(Jwt jwt) {
        return string(jwt, CLIENT_ID);
    }

}
