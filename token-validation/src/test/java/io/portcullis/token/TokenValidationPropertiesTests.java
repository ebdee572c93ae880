package io.portcullis.token;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtValidationException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class TokenValidationPropertiesTests {

    private static final String AUDIENCE = "https://api.portcullis.test/users";

    @Test
    void decodeWhenIssuerConfiguredWithTrailingSlashThenTokenOfThatIssuerAccepted() throws Exception {
        // the auth-server writes its issuer without the slash, whichever way it was configured
        TokenValidationProperties properties = bind(Map.of("issuer", "https://auth.portcullis.test/"));
        RSAKey key = new RSAKeyGenerator(2048).keyID("k1").generate();
        JwtDecoder decoder = AccessTokenValidation.create(properties, new ImmutableJWKSet<>(new JWKSet(key)));

        Jwt jwt = decoder.decode(token(key, "https://auth.portcullis.test"));

        assertThat(properties.issuer()).hasToString("https://auth.portcullis.test");
        assertThat(jwt.getIssuer()).hasToString("https://auth.portcullis.test");
    }

    @Test
    void decodeWhenNoClientIdThenRefusedNamingTheClaim() throws Exception {
        // RFC 9068 requires client_id; the edge's rate limits and access log and the services' caller checks use it
        TokenValidationProperties properties = bind(Map.of("issuer", "https://auth.portcullis.test"));
        RSAKey key = new RSAKeyGenerator(2048).keyID("k1").generate();
        JwtDecoder decoder = AccessTokenValidation.create(properties, new ImmutableJWKSet<>(new JWKSet(key)));

        for (Object clientId : java.util.Arrays.asList(null, "", " ", 42, List.of("a"))) {
            String token = token(key, "https://auth.portcullis.test", clientId);
            assertThatExceptionOfType(JwtValidationException.class).as("client_id %s", clientId)
                .isThrownBy(() -> decoder.decode(token))
                .withMessageContaining("client_id");
        }
        assertThat(decoder.decode(token(key, "https://auth.portcullis.test", "portal")).getClaimAsString("client_id"))
            .isEqualTo("portal");
    }

    @Test
    void bindWhenIssuerWithoutSlashThenKeptAsIs() {
        assertThat(bind(Map.of("issuer", "https://auth.portcullis.test/realm")).issuer())
            .hasToString("https://auth.portcullis.test/realm");
    }

    @Test
    void bindWhenIssuerHasQueryThenRefusedNamingTheRule() {
        assertThatExceptionOfType(BindException.class)
            .isThrownBy(() -> bind(Map.of("issuer", "https://auth.portcullis.test/?tenant=1")))
            .havingRootCause()
            .withMessage("portcullis.token.issuer must be an absolute https or http URL without query or fragment "
                    + "(was 'https://auth.portcullis.test/?tenant=1')");
    }

    @Test
    void bindWhenIssuerRelativeThenRefused() {
        assertThatExceptionOfType(BindException.class).isThrownBy(() -> bind(Map.of("issuer", "auth.portcullis.test")))
            .havingRootCause()
            .withMessageStartingWith("portcullis.token.issuer must be an absolute https or http URL");
    }

    @Test
    void bindWhenAlgorithmIsNotPortcullisOneThenRefusedNamingTheAllowedOnes() {
        assertThatExceptionOfType(BindException.class)
            .isThrownBy(() -> bind(Map.of("issuer", "https://auth.portcullis.test", "algorithms", "RS256,HS256")))
            .havingRootCause()
            .withMessage("portcullis.token.algorithms must name only [RS256, RS384, RS512, PS256, PS384, PS512, "
                    + "ES256, ES384, ES512] (was [RS256, HS256])");
    }

    @Test
    void bindWhenClockSkewLongerThanRevocationsAreRememberedThenRefused() {
        for (String skew : new String[] { "61s", "5m", "-1s" }) {
            assertThatExceptionOfType(BindException.class).as(skew)
                .isThrownBy(() -> bind(Map.of("issuer", "https://auth.portcullis.test", "clock-skew", skew)))
                .havingRootCause()
                .withMessageStartingWith("portcullis.token.clock-skew must be between 0 and 60s");
        }
        assertThat(bind(Map.of("issuer", "https://auth.portcullis.test", "clock-skew", "60s")).clockSkew())
            .hasSeconds(60);
    }

    @Test
    void bindWhenAlgorithmsAbsentThenRs256AndEs256() {
        assertThat(bind(Map.of("issuer", "https://auth.portcullis.test")).algorithms()).containsExactly("RS256",
                "ES256");
    }

    private static TokenValidationProperties bind(Map<String, String> values) {
        Map<String, String> all = new java.util.HashMap<>(Map.of("audience", AUDIENCE, "jwks-uri",
                "https://auth.portcullis.test/oauth2/jwks"));
        all.putAll(values);
        Map<String, String> prefixed = new java.util.HashMap<>();
        all.forEach((name, value) -> prefixed.put("portcullis.token." + name, value));
        return new Binder(new MapConfigurationPropertySource(prefixed))
            .bind("portcullis.token", Bindable.of(TokenValidationProperties.class))
            .get();
    }

    private static String token(RSAKey key, String issuer) throws Exception {
        return token(key, issuer, "client");
    }

    private static String token(RSAKey key, String issuer, Object clientId) throws Exception {
        Instant now = Instant.now();
        SignedJWT jwt = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID())
                    .type(new JOSEObjectType("at+jwt"))
                    .build(),
                new JWTClaimsSet.Builder().issuer(issuer)
                    .audience(List.of(AUDIENCE))
                    .subject("client")
                    .claim("client_id", clientId)
                    .issueTime(java.util.Date.from(now))
                    .expirationTime(java.util.Date.from(now.plusSeconds(300)))
                    .build());
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }

}
