package io.portcullis.auth.token;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.TreeSet;

import com.nimbusds.jose.jwk.JWK;
import io.portcullis.auth.key.SigningKeyRing;

import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;

/**
 * Shapes access tokens per RFC 9068: header {@code typ: at+jwt} and the {@code kid} of the key that signs now;
 * claims {@code client_id}, {@code aud} = the resources of the granted scopes and {@code scope} as one
 * space-separated string (§2.2.3). Spring Authorization Server sets {@code iss, sub, iat, exp, nbf, jti}.
 */
final class AccessTokenCustomizer implements OAuth2TokenCustomizer<JwtEncodingContext> {

    static final String TOKEN_TYPE = "at+jwt";

    private final SigningKeyRing keys;

    private final TokenScopePolicy policy;

    private final Duration maxTimeToLive;

    AccessTokenCustomizer(SigningKeyRing keys, TokenScopePolicy policy, Duration maxTimeToLive) {
        this.keys = keys;
        this.policy = policy;
        this.maxTimeToLive = maxTimeToLive;
    }

    @Override
    public void customize(JwtEncodingContext context) {
        if (!OAuth2TokenType.ACCESS_TOKEN.equals(context.getTokenType())) {
            return;
        }
        JWK key = this.keys.signingKey();
        context.getJwsHeader()
            .type(TOKEN_TYPE)
            .keyId(key.getKeyID())
            .algorithm(SignatureAlgorithm.from(key.getAlgorithm().getName()));
        List<String> scopes = List.copyOf(new TreeSet<>(context.getAuthorizedScopes()));
        String clientId = context.getRegisteredClient().getClientId();
        context.getClaims().claims((claims) -> {
            // retired keys stay published for maxTimeToLive: no token may outlive that, whatever a row says
            if (claims.get("iat") instanceof Instant issuedAt && claims.get("exp") instanceof Instant expiresAt
                    && expiresAt.isAfter(issuedAt.plus(this.maxTimeToLive))) {
                claims.put("exp", issuedAt.plus(this.maxTimeToLive));
            }
            claims.put("client_id", clientId);
            claims.put("aud", List.copyOf(this.policy.audiences(scopes)));
            claims.put("scope", String.join(" ", scopes));
        });
    }

}
