package io.portcullis.auth.security;

import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.List;

import io.portcullis.auth.AuthServerIntegrationTestSupport;
import io.portcullis.auth.OAuthClient;
import io.portcullis.auth.OAuthClient.Response;
import io.portcullis.auth.client.TestClients;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

// the second test throttles the test's own address (127.0.0.1) for the rest of the class
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FailedAuthenticationThrottleIntegrationTests extends AuthServerIntegrationTestSupport {

    @DynamicPropertySource
    static void throttle(DynamicPropertyRegistry registry) {
        registry.add("portcullis.clients.throttle.max-failures", () -> "5");
        registry.add("portcullis.clients.throttle.max-failures-per-address", () -> "20");
    }

    @Test
    @Order(1)
    void tokenWhenRepeatedFailuresThenGuessesAnswered429AndRightSecretStillServed() {
        TestClients.Created target = save(TestClients.confidential().defaultScopes("users.read"));
        TestClients.Created bystander = save(TestClients.confidential().defaultScopes("users.read"));

        for (int i = 0; i < 5; i++) {
            assertThat(this.oauth.token(target.clientId(), "guess-" + i).status()).isEqualTo(401);
        }
        Response throttled = this.oauth.token(target.clientId(), "guess-5");

        assertThat(throttled.status()).isEqualTo(429);
        assertThat(Long.parseLong(throttled.header("Retry-After"))).isBetween(1L, 60L);
        assertThat(throttled.json()).containsEntry("error", "temporarily_unavailable")
            .containsEntry("error_description", "Too many failed authentication attempts; retry later");
        assertThat(this.oauth.token(target.clientId(), target.secret()).status()).isEqualTo(200);
        assertThat(this.oauth.post("/oauth2/introspect", target.clientId(), target.secret(), "token", "x").status())
            .isEqualTo(200);
        assertThat(this.oauth.token(bystander.clientId(), bystander.secret()).status()).isEqualTo(200);
    }

    @Test
    @Order(1)
    void tokenWhenGuessesSentToPercentEncodedPathsThenThrottledAsOnThePlainPath() {
        // Spring Authorization Server answers /oauth2/%74oken as /oauth2/token: so must the throttle
        TestClients.Created target = save(TestClients.confidential().defaultScopes("users.read"));
        List<String> paths = List.of("/oauth2/%74oken", "/%6fauth2/token");
        for (int i = 0; i < 5; i++) {
            assertThat(this.oauth.post(paths.get(i % 2), target.clientId(), "guess-" + i, "grant_type",
                    "client_credentials").status()).isEqualTo(401);
        }

        for (String path : List.of("/oauth2/token", "/oauth2/%74oken")) {
            Response throttled = this.oauth.post(path, target.clientId(), "guess", "grant_type", "client_credentials");
            assertThat(throttled.status()).as(path).isEqualTo(429);
        }
    }

    @Test
    @Order(2)
    void tokenWhenGuessesSpreadOverClientIdsAndForwardedForThenAddressThrottledAndRightSecretServed() {
        TestClients.Created honest = save(TestClients.confidential().defaultScopes("users.read"));
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            Response response = this.oauth.send(HttpRequest.newBuilder(this.oauth.uri("/oauth2/token"))
                .header("Authorization", OAuthClient.basic("made-up-" + i, "guess"))
                .header("X-Forwarded-For", "203.0.113." + i)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials")));
            statuses.add(response.status());
        }

        // 20 failures per address at most (the first test's failures count too): every new client_id guessed after
        // that is answered 429, whatever X-Forwarded-For claims
        assertThat(statuses.subList(20, 30)).containsOnly(429);
        assertThat(statuses).containsOnly(401, 429);
        assertThat(this.oauth.token(honest.clientId(), honest.secret()).status()).isEqualTo(200);
    }

}
