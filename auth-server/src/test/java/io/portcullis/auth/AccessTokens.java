package io.portcullis.auth;

import java.text.ParseException;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.factories.DefaultJWSVerifierFactory;
import com.nimbusds.jose.jwk.AsymmetricJWK;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.SignedJWT;

/** Verifies access tokens the way a resource server would: against the JWKS the auth-server publishes. */
public final class AccessTokens {

    private AccessTokens() {
    }

    public static JWKSet jwks(OAuthClient client) {
        OAuthClient.Response response = client.get("/oauth2/jwks");
        if (response.status() != 200) {
            throw new AssertionError("JWKS request failed: " + response.status());
        }
        try {
            return JWKSet.parse(response.body());
        }
        catch (ParseException ex) {
            throw new AssertionError("The JWKS is not a JWK Set: " + response.body(), ex);
        }
    }

    /** Parses {@code token} and checks its signature with the key its {@code kid} names in {@code jwks}. */
    public static SignedJWT verify(String token, JWKSet jwks) {
        try {
            SignedJWT jwt = SignedJWT.parse(token);
            JWK key = jwks.getKeyByKeyId(jwt.getHeader().getKeyID());
            if (key == null) {
                throw new AssertionError("No published key has kid " + jwt.getHeader().getKeyID());
            }
            JWSVerifier verifier = new DefaultJWSVerifierFactory().createJWSVerifier(jwt.getHeader(),
                    ((AsymmetricJWK) key).toPublicKey());
            if (!jwt.verify(verifier)) {
                throw new AssertionError("The signature of the token does not verify");
            }
            return jwt;
        }
        catch (ParseException | JOSEException ex) {
            throw new AssertionError("Cannot verify token " + token, ex);
        }
    }

}
