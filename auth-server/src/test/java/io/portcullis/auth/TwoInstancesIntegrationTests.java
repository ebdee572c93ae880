package io.portcullis.auth;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.nimbusds.jose.jwk.JWKSet;
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
