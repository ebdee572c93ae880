package io.portcullis.auth.token;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import io.portcullis.auth.revocation.RevocationStore;

import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;

/**
 * An {@link OAuth2AuthorizationService} without a row per token (DESIGN.md decision 5). Issued JWTs are
 * self-contained, so {@link #save} stores nothing, except the {@code jti} of a token being revoked. Finding a token
 * verifies it against this server's keys and rebuilds the authorization from its claims. A token whose client is
 * disabled or gone is not found; a token that no longer stands ({@link TokenStanding}: revoked, issued before its
 * client's revoked-before instant or to an earlier client of the same id, or carrying a scope taken away) is found
 * invalidated. Introspection answers both {@code active: false}; revocation can still record the latter's
 * {@code jti}, so that granting the scope again does not bring a token back that its client revoked.
 */
final class StatelessAuthorizationService implements OAuth2AuthorizationService {

    private final JwtDecoder decoder;

    private final TokenStanding standing;

    private final RevocationStore revocations;

    StatelessAuthorizationService(JwtDecoder decoder, TokenStanding standing, RevocationStore revocations) {
        this.decoder = decoder;
        this.standing = standing;
        this.revocations = revocations;
    }

    @Override
    public void save(OAuth2Authorization authorization) {
        OAuth2Authorization.Token<OAuth2AccessToken> token = authorization.getAccessToken();
        if (token != null && token.isInvalidated()) {
            Object jti = token.getClaims() != null ? token.getClaims().get("jti") : null;
            if (jti != null && token.getToken().getExpiresAt() != null) {
                this.revocations.revoke(jti.toString(), authorization.getRegisteredClientId(),
                        token.getToken().getExpiresAt());
            }
        }
    }

    @Override
    public void remove(OAuth2Authorization authorization) {
        // nothing is stored per authorization
    }

    @Override
    public OAuth2Authorization findById(String id) {
        return null;
    }

    @Override
    public OAuth2Authorization findByToken(String token, OAuth2TokenType tokenType) {
        if (token == null || (tokenType != null && !OAuth2TokenType.ACCESS_TOKEN.equals(tokenType))) {
            return null;
        }
        Jwt jwt;
        try {
            jwt = this.decoder.decode(token);
        }
        catch (JwtException ex) {
            return null;
        }
        RegisteredClient client = this.standing.client(jwt);
        if (client == null || jwt.getId() == null) {
            return null;
        }
        boolean stands = this.standing.stands(jwt, client);
        Set<String> scopes = new TreeSet<>(TokenStanding.scopes(jwt));
        OAuth2AccessToken accessToken = new OAuth2AccessToken(OAuth2AccessToken.TokenType.BEARER, token,
                jwt.getIssuedAt(), jwt.getExpiresAt(), scopes);
        Map<String, Object> claims = new java.util.HashMap<>(jwt.getClaims());
        claims.put("scope", List.copyOf(scopes));
        return OAuth2Authorization.withRegisteredClient(client)
            .id(jwt.getId())
            .principalName(jwt.getSubject())
            .authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
            .authorizedScopes(scopes)
            .token(accessToken, (metadata) -> {
                metadata.put(OAuth2Authorization.Token.CLAIMS_METADATA_NAME, claims);
                metadata.put(OAuth2Authorization.Token.INVALIDATED_METADATA_NAME, !stands);
            })
            .build();
    }

}
