package io.portcullis.auth;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.UUID;
import java.util.ArrayList;
import java.util.List;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.portcullis.auth.client.ClientRepository;
import io.portcullis.auth.client.ClientSecretHasher;
import io.portcullis.auth.client.TestClients;
import io.portcullis.testsupport.PostgresTestDatabase;
import io.portcullis.testsupport.TestPki;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two auth-server instances on one database share nothing else (DESIGN.md decision 3), and a restart invalidates
 * nothing: keys and clients live in PostgreSQL.
 */
class TwoInstancesIntegrationTests {

    private final PostgresTestDatabase database = PostgresTestDatabase.create();

    private final List<ConfigurableApplicationContext> instances = new ArrayList<>();

    @AfterEach
    void stopAll() {
        this.instances.forEach(ConfigurableApplicationContext::close);
    }

    @Test
    void tokenWhenIssuedByOneInstanceThenVerifiedAndIntrospectedByTheOther() {
        ConfigurableApplicationContext a = start();
        ConfigurableApplicationContext b = start();
        TestClients.Created client = TestClients.confidential()
            .defaultScopes("users.read")
            .save(a.getBean(ClientRepository.class), a.getBean(ClientSecretHasher.class));

        String fromA = oauth(a).accessToken(client.clientId(), client.secret());
        String fromB = oauth(b).accessToken(client.clientId(), client.secret());

        JWKSet jwksOfB = AccessTokens.jwks(oauth(b));
        JWKSet jwksOfA = AccessTokens.jwks(oauth(a));
        AccessTokens.verify(fromA, jwksOfB);
        AccessTokens.verify(fromB, jwksOfA);
        assertThat(jwksOfA.toJSONObject()).isEqualTo(jwksOfB.toJSONObject());
        assertThat(oauth(b).post("/oauth2/introspect", client.clientId(), client.secret(), "token", fromA).json())
            .containsEntry("active", true);
    }

    @Test
    void clientWhenDisabledThroughOneInstanceThenRefusedByTheOtherWithinSeconds() {
        ConfigurableApplicationContext a = start();
        ConfigurableApplicationContext b = start();
        TestClients.Created client = TestClients.confidential()
            .defaultScopes("users.read")
            .save(a.getBean(ClientRepository.class), a.getBean(ClientSecretHasher.class));
        assertThat(oauth(b).token(client.clientId(), client.secret()).status()).isEqualTo(200);

        a.getBean(JdbcTemplate.class).update("UPDATE clients SET enabled = false WHERE client_id = ?",
                client.clientId());

        await().atMost(Duration.ofSeconds(2))
            .untilAsserted(() -> assertThat(oauth(b).token(client.clientId(), client.secret()).status())
                .isEqualTo(401));
    }

    @Test
    void tokenWhenServerRestartedThenStillValidAndNoNewKey() {
        ConfigurableApplicationContext first = start();
        TestClients.Created client = TestClients.confidential()
            .defaultScopes("users.read")
            .save(first.getBean(ClientRepository.class), first.getBean(ClientSecretHasher.class));
        String token = oauth(first).accessToken(client.clientId(), client.secret());
        long keys = first.getBean(JdbcTemplate.class).queryForObject("SELECT count(*) FROM signing_keys", Long.class);
        first.close();

        ConfigurableApplicationContext second = start();

        AccessTokens.verify(token, AccessTokens.jwks(oauth(second)));
        assertThat(oauth(second).post("/oauth2/introspect", client.clientId(), client.secret(), "token", token).json())
            .containsEntry("active", true);
        assertThat(second.getBean(JdbcTemplate.class).queryForObject("SELECT count(*) FROM signing_keys", Long.class))
            .isEqualTo(keys);
        assertThat(oauth(second).token(client.clientId(), client.secret()).status()).isEqualTo(200);
    }

    @Test
    void assertionWhenAcceptedByOneInstanceThenReplayRefusedByTheOther() throws Exception {
        ConfigurableApplicationContext a = start();
        ConfigurableApplicationContext b = start();
        ECKey key = new ECKeyGenerator(Curve.P_256).keyID("k").generate();
        String clientId = TestClients.confidential()
            .privateKeyJwt(new JWKSet(key.toPublicJWK()).toString(), null, "ES256")
            .defaultScopes("users.read")
            .save(a.getBean(ClientRepository.class), a.getBean(ClientSecretHasher.class))
            .clientId();
        Instant now = Instant.now();
        SignedJWT assertion = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID("k").build(),
                new JWTClaimsSet.Builder().issuer(clientId)
                    .subject(clientId)
                    .audience("https://auth.portcullis.test/oauth2/token")
                    .jwtID(UUID.randomUUID().toString())
                    .issueTime(Date.from(now))
                    .expirationTime(Date.from(now.plusSeconds(120)))
                    .build());
        assertion.sign(new ECDSASigner(key));
        String[] form = { "grant_type", "client_credentials", "client_id", clientId, "client_assertion_type",
                "urn:ietf:params:oauth:client-assertion-type:jwt-bearer", "client_assertion", assertion.serialize() };

        assertThat(oauth(a).postForm("/oauth2/token", form).status()).isEqualTo(200);
        OAuthClient.Response replay = oauth(b).postForm("/oauth2/token", form);

        assertThat(replay.status()).isEqualTo(401);
        assertThat(replay.json()).isEqualTo(
                java.util.Map.of("error", "invalid_client", "error_description", "Client authentication failed"));
    }

    private ConfigurableApplicationContext start() {
        TestPki pki = TestPki.platform();
        ConfigurableApplicationContext context = new SpringApplicationBuilder(AuthServerApplication.class)
            .profiles("test")
            .run("--spring.datasource.url=" + this.database.url(),
                    "--spring.datasource.username=" + this.database.username(),
                    "--spring.datasource.password=" + this.database.password(),
                    "--PORTCULLIS_TLS_CERTIFICATE=file:" + pki.certificateFile("auth-server"),
                    "--PORTCULLIS_TLS_PRIVATE_KEY=file:" + pki.keyFile("auth-server"),
                    "--PORTCULLIS_TLS_CA=file:" + pki.caFile());
        this.instances.add(context);
        return context;
    }

    private static OAuthClient oauth(ConfigurableApplicationContext context) {
        return new OAuthClient(((WebServerApplicationContext) context).getWebServer().getPort());
    }

}
