package io.portcullis.auth.security;

import io.portcullis.auth.AuthServerIntegrationTest;
import io.portcullis.auth.AuthServerTestEnvironment;
import io.portcullis.auth.OAuthClient;
import io.portcullis.auth.OAuthClient.Response;
import io.portcullis.auth.client.ClientRepository;
import io.portcullis.auth.client.ClientSecretHasher;
import io.portcullis.auth.client.TestClients;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

@AuthServerIntegrationTest
class FailedAuthenticationThrottleIntegrationTests {

    @DynamicPropertySource
    static void environment(DynamicPropertyRegistry registry) {
        AuthServerTestEnvironment.register(registry);
        registry.add("portcullis.clients.throttle.max-failures", () -> "5");
    }

    @LocalServerPort
    int port;

    @Autowired
    ClientRepository clients;

    @Autowired
    ClientSecretHasher hasher;

    @Test
    void tokenWhenRepeatedFailuresThenThatClientIdSlowedDownAndOthersNot() {
        OAuthClient oauth = new OAuthClient(this.port);
        TestClients.Created target = TestClients.confidential().defaultScopes("users.read").save(this.clients,
                this.hasher);
        TestClients.Created bystander = TestClients.confidential().defaultScopes("users.read").save(this.clients,
                this.hasher);

        for (int i = 0; i < 5; i++) {
            assertThat(oauth.token(target.clientId(), "guess-" + i).status()).isEqualTo(401);
        }
        Response locked = oauth.token(target.clientId(), target.secret());

        assertThat(locked.status()).isEqualTo(429);
        assertThat(Long.parseLong(locked.header("Retry-After"))).isBetween(1L, 60L);
        assertThat(locked.json()).containsEntry("error", "temporarily_unavailable")
            .containsEntry("error_description", "Too many failed authentication attempts for this client; retry later");
        assertThat(oauth.token(bystander.clientId(), bystander.secret()).status()).isEqualTo(200);
        assertThat(oauth.post("/oauth2/introspect", target.clientId(), target.secret(), "token", "x").status())
            .isEqualTo(429);
    }

}
