package io.portcullis.resourceserver.core;

import java.time.Instant;
import java.util.List;

import io.portcullis.revocation.DenyList;

import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;

/**
 * The deny-list's verdict on a validated token (DESIGN.md decision 6): revoked, of a disabled or deleted client,
 * issued before the client's revocation or re-creation, signed by a withdrawn key, or carrying a scope the client
 * no longer holds. The one check every consumer of the security feed applies.
 */
public final class DenyListCheck {

    private DenyListCheck() {
    }

    public static boolean denies(DenyList denyList, Jwt jwt) {
        String scope = TokenClaims.string(jwt, "scope");
        List<String> scopes = (scope == null || scope.isBlank()) ? List.of() : List.of(scope.split(" "));
        Object kid = jwt.getHeaders().get("kid");
        Instant issuedAt = (jwt.getClaims().get(JwtClaimNames.IAT) instanceof Instant instant) ? instant
                : jwt.getIssuedAt();
        return denyList.denies((kid != null) ? kid.toString() : null, TokenClaims.string(jwt, JwtClaimNames.JTI),
                TokenClaims.clientId(jwt), issuedAt, scopes);
    }

}
