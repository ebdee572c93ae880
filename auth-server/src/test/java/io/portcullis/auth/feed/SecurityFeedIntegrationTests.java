package io.portcullis.auth.feed;

import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import io.portcullis.auth.AuthServerIntegrationTestSupport;
import io.portcullis.auth.OAuthClient.Response;
import io.portcullis.auth.client.TestClients;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

class SecurityFeedIntegrationTests extends AuthServerIntegrationTestSupport {

    static final String EDGE = "test-edge";

    static final String EDGE_SECRET = "test-edge-secret-that-is-long-enough-00000";

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void feedWhenNoTokenOrAnotherAudienceOrWrongScopeThenRefused() {
        TestClients.Created other = save(TestClients.confidential().defaultScopes("users.read"));
        String admin = this.oauth.accessToken("test-admin", "test-admin-secret-that-is-long-enough-000");

        assertThat(get("/feed/v1/snapshot", null).status()).isEqualTo(401);
        assertThat(get("/feed/v1/snapshot", this.oauth.accessToken(other.clientId(), other.secret())).status())
            .isEqualTo(401);
        Response wrongScope = get("/feed/v1/snapshot", admin);
        assertThat(wrongScope.status()).isEqualTo(403);
        assertThat(wrongScope.header("WWW-Authenticate")).contains("scope=\"security.feed\"");
    }

    @Test
    void snapshotWhenClientsAndRevocationsThenDenyStateAsOfLastEvent() {
        TestClients.Created client = save(TestClients.confidential().defaultScopes("users.read"));
        String token = this.oauth.accessToken(client.clientId(), client.secret());
        this.oauth.post("/oauth2/revoke", client.clientId(), client.secret(), "token", token);
        this.jdbc.update("UPDATE clients SET enabled = false WHERE client_id = ?", client.clientId());

        Map<String, Object> snapshot = get("/feed/v1/snapshot", feedToken()).json();

        assertThat(((Number) snapshot.get("last")).longValue()).isPositive();
        assertThat(snapshot.get("disabledClients").toString()).contains(client.clientId());
        assertThat(snapshot.get("revokedTokens").toString()).contains(client.clientId());
        assertThat(((Map<?, ?>) snapshot.get("clientScopes")).get(client.clientId())).isEqualTo(List.of("users.read"));
    }

    @Test
    void eventsWhenLongPollingThenWokenByARevocationWithinASecond() throws Exception {
        TestClients.Created client = save(TestClients.confidential().defaultScopes("users.read"));
        String token = this.oauth.accessToken(client.clientId(), client.secret());
        String feed = feedToken();
        long last = ((Number) get("/feed/v1/events?after=0&wait=0", feed).json().get("last")).longValue();

        CompletableFuture<Response> poll = CompletableFuture
            .supplyAsync(() -> get("/feed/v1/events?after=" + last + "&wait=20", feed));
        Thread.sleep(500);
        long revokedAt = System.nanoTime();
        this.oauth.post("/oauth2/revoke", client.clientId(), client.secret(), "token", token);
        Response response = poll.get();
        Duration latency = Duration.ofNanos(System.nanoTime() - revokedAt);

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body()).contains("\"type\":\"TOKEN_REVOKED\"").contains(client.clientId());
        assertThat(latency).isLessThan(Duration.ofSeconds(1));
    }

    @Test
    void eventsWhenScopeTakenAwayOrClientReEnabledThenRecordedInOrder() {
        TestClients.Created client = save(TestClients.confidential().defaultScopes("users.read", "users.write"));
        String feed = feedToken();
        long last = ((Number) get("/feed/v1/events?after=0&wait=0", feed).json().get("last")).longValue();

        this.jdbc.update("DELETE FROM client_scopes WHERE client_id = ? AND scope_name = 'users.write'",
                client.clientId());
        this.jdbc.update("UPDATE clients SET enabled = false WHERE client_id = ?", client.clientId());
        this.jdbc.update("UPDATE clients SET enabled = true WHERE client_id = ?", client.clientId());

        String body = get("/feed/v1/events?after=" + last + "&wait=0", feed).body();
        assertThat(body).containsSubsequence("\"type\":\"SCOPE_REMOVED\"", "\"scope\":\"users.write\"",
                "\"type\":\"CLIENT_DISABLED\"", "\"type\":\"CLIENT_ENABLED\"");
    }

    private String feedToken() {
        return this.oauth.accessToken(EDGE, EDGE_SECRET);
    }

    private Response get(String path, String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(this.oauth.uri(path)).GET();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return this.oauth.send(request.timeout(Duration.ofSeconds(30)));
    }

}
