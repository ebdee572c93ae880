package io.portcullis.auth.token;

import io.portcullis.auth.AuthServerIntegrationTestSupport;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.UUID;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import io.portcullis.auth.OAuthClient.Response;
import io.portcullis.auth.client.TestClients;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** RFC 7523 client authentication with the client's registered JWK Set, inline or by URI. */
class PrivateKeyJwtIntegrationTests extends AuthServerIntegrationTestSupport {

    static final String ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

    static final String TOKEN_ENDPOINT = "https://auth.portcullis.test/oauth2/token";

    ECKey key;

    @BeforeEach
    void setUp() throws JOSEException {
        this.key = new ECKeyGenerator(Curve.P_256).keyID("client-key").generate();
    }

    @Test
    void tokenWhenAssertionSignedWithRegisteredInlineKeyThenIssued() throws Exception {
        String clientId = registerInline();

        Response response = tokenWithAssertion(clientId, assertion(clientId, this.key, TOKEN_ENDPOINT));

        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(response.json()).containsEntry("scope", "users.read");
    }

    @Test
    void tokenWhenAssertionReplayedThenInvalidClient() throws Exception {
        String clientId = registerInline();
        String assertion = assertion(clientId, this.key, TOKEN_ENDPOINT);

        assertThat(tokenWithAssertion(clientId, assertion).status()).isEqualTo(200);
        Response replay = tokenWithAssertion(clientId, assertion);

        assertThat(replay.status()).isEqualTo(401);
        assertThat(replay.json()).containsEntry("error", "invalid_client");
    }

    @Test
    void tokenWhenAssertionSignedWithAnotherKeyThenInvalidClient() throws Exception {
        String clientId = registerInline();
        ECKey other = new ECKeyGenerator(Curve.P_256).keyID("client-key").generate();

        Response response = tokenWithAssertion(clientId, assertion(clientId, other, TOKEN_ENDPOINT));

        assertThat(response.status()).isEqualTo(401);
        assertThat(response.json()).containsEntry("error", "invalid_client");
    }

    @Test
    void tokenWhenAssertionForAnotherAudienceThenInvalidClient() throws Exception {
        String clientId = registerInline();

        Response response = tokenWithAssertion(clientId, assertion(clientId, this.key, "https://elsewhere/token"));

        assertThat(response.status()).isEqualTo(401);
        assertThat(response.json()).containsEntry("error", "invalid_client");
    }

    @Test
    void tokenWhenKeyPublishedAtRegisteredJwksUriThenIssued() throws Exception {
        byte[] jwks = new JWKSet(this.key.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/jwks", (exchange) -> {
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, jwks.length);
            exchange.getResponseBody().write(jwks);
            exchange.close();
        });
        server.start();
        try {
            String clientId = save(TestClients.confidential()
                .privateKeyJwt(null, "http://127.0.0.1:" + server.getAddress().getPort() + "/jwks", "ES256")
                .defaultScopes("users.read"))
                .clientId();

            Response response = tokenWithAssertion(clientId, assertion(clientId, this.key, TOKEN_ENDPOINT));

            assertThat(response.status()).as(response.body()).isEqualTo(200);
        }
        finally {
            server.stop(0);
        }
    }

    private String registerInline() {
        return save(TestClients.confidential()
            .privateKeyJwt(new JWKSet(this.key.toPublicJWK()).toString(), null, "ES256")
            .defaultScopes("users.read"))
            .clientId();
    }

    private Response tokenWithAssertion(String clientId, String assertion) throws IOException {
        return this.oauth.postForm("/oauth2/token", "grant_type", "client_credentials", "client_id", clientId,
                "client_assertion_type", ASSERTION_TYPE, "client_assertion", assertion);
    }

    private static String assertion(String clientId, ECKey key, String audience) throws JOSEException {
        Instant now = Instant.now();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(key.getKeyID()).build(),
                new JWTClaimsSet.Builder().issuer(clientId)
                    .subject(clientId)
                    .audience(audience)
                    .jwtID(UUID.randomUUID().toString())
                    .issueTime(Date.from(now))
                    .expirationTime(Date.from(now.plusSeconds(60)))
                    .build());
        jwt.sign(new ECDSASigner(key));
        return jwt.serialize();
    }

}
