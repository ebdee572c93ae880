package io.portcullis.auth.security;

import io.portcullis.auth.AuthServerIntegrationTestSupport;
import io.portcullis.auth.OAuthClient.Response;
import io.portcullis.auth.client.TestClients;
import org.junit.jupiter.api.Test;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

class FailedAuthenticationThrottleIntegrationTests extends AuthServerIntegrationTestSupport {

    @DynamicPropertySource
    static void throttle(DynamicPropertyRegistry registry) {
        registry.add("portcullis.clients.throttle.max-failures", () -> "5");
    }

    @Test
    void tokenWhenRepeatedFailuresThenThatClientIdSlowedDownAndOthersNot() {
        TestClients.Created target = save(TestClients.confidential().defaultScopes("users.read"));
        TestClients.Created bystander = save(TestClients.confidential().defaultScopes("users.read"));

        for (int i = 0; i < 5; i++) {
            assertThat(this.oauth.token(target.clientId(), "guess-" + i).status()).isEqualTo(401);
        }
        Response locked = this.oauth.token(target.clientId(), target.secret());

        assertThat(locked.status()).isEqualTo(429);
        assertThat(Long.parseLong(locked.header("Retry-After"))).isBetween(1L, 60L);
        assertThat(locked.json()).containsEntry("error", "temporarily_unavailable")
            .containsEntry("error_description", "Too many failed authentication attempts for this client; retry later");
        assertThat(this.oauth.token(bystander.clientId(), bystander.secret()).status()).isEqualTo(200);
        assertThat(this.oauth.post("/oauth2/introspect", target.clientId(), target.secret(), "token", "x").status())
            .isEqualTo(429);
    }

}
