package io.portcullis.auth.feed;

import java.net.http.HttpRequest;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
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
        long last = lastEvent(feed);

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
        long last = lastEvent(feed);

        this.jdbc.update("DELETE FROM client_scopes WHERE client_id = ? AND scope_name = 'users.write'",
                client.clientId());
        this.jdbc.update("UPDATE clients SET enabled = false WHERE client_id = ?", client.clientId());
        this.jdbc.update("UPDATE clients SET enabled = true WHERE client_id = ?", client.clientId());

        String body = get("/feed/v1/events?after=" + last + "&wait=0", feed).body();
        assertThat(body).containsSubsequence("\"type\":\"SCOPE_REMOVED\"", "\"scope\":\"users.write\"",
                "\"type\":\"CLIENT_DISABLED\"", "\"type\":\"CLIENT_ENABLED\"");
    }

    @Test
    void eventsWhenClientCreatedThenAnnouncedWithItsCreationTimeAndDisabledStateInOrder() {
        String feed = feedToken();
        long last = lastEvent(feed);

        TestClients.Created enabled = save(TestClients.confidential().defaultScopes("users.read"));
        TestClients.Created disabled = save(TestClients.confidential().disabled());

        String body = get("/feed/v1/events?after=" + last + "&wait=0", feed).body();
        Instant createdAt = this.jdbc.queryForObject("SELECT created_at FROM clients WHERE client_id = ?",
                Timestamp.class, enabled.clientId()).toInstant();
        assertThat(body).containsSubsequence("\"type\":\"CLIENT_CREATED\"",
                "\"clientId\":\"" + enabled.clientId() + "\"", "\"effectiveAt\":\"" + createdAt + "\"",
                "\"type\":\"SCOPE_GRANTED\"", "\"type\":\"CLIENT_CREATED\"",
                "\"clientId\":\"" + disabled.clientId() + "\"", "\"type\":\"CLIENT_DISABLED\"");
    }

    @Test
    void createWhenClientIdDeletedMomentsAgoThenNewLifeStartsAWholeSecondAfterTheDeletionsSecond() {
        TestClients.Created first = save(TestClients.confidential().clientId("phoenix").defaultScopes("users.read"));
        this.jdbc.update("DELETE FROM clients WHERE client_id = ?", first.clientId());
        Instant deletedAt = this.jdbc.queryForObject("SELECT max(effective_at) FROM security_events "
                + "WHERE type = 'CLIENT_DELETED' AND client_id = 'phoenix'", Timestamp.class).toInstant();

        save(TestClients.confidential().clientId("phoenix").defaultScopes("users.read"));

        Instant createdAt = this.jdbc.queryForObject("SELECT created_at FROM clients WHERE client_id = 'phoenix'",
                Timestamp.class).toInstant();
        assertThat(createdAt).isAfterOrEqualTo(deletedAt.truncatedTo(ChronoUnit.SECONDS).plusSeconds(2));
        assertThat(Instant.now()).isAfterOrEqualTo(createdAt);
    }

    @Test
    void snapshotWhenClientDeletedOrCreatedThenListsTheDeletionAndTheNewLife() {
        TestClients.Created gone = save(TestClients.confidential().defaultScopes("users.read"));
        this.jdbc.update("DELETE FROM clients WHERE client_id = ?", gone.clientId());
        TestClients.Created fresh = save(TestClients.confidential().defaultScopes("users.read"));

        Map<String, Object> snapshot = get("/feed/v1/snapshot", feedToken()).json();

        assertThat(snapshot.get("deletedClients")).isEqualTo(List.of(gone.clientId()));
        Instant createdAt = this.jdbc.queryForObject("SELECT created_at FROM clients WHERE client_id = ?",
                Timestamp.class, fresh.clientId()).toInstant();
        Map<?, ?> created = (Map<?, ?>) snapshot.get("createdAt");
        assertThat(created.get(fresh.clientId())).isEqualTo(createdAt.toString());
        assertThat(created.containsKey(gone.clientId())).isFalse();
    }

    @Test
    void eventsWhenAChangeRunsPastAPageThenAnsweredWholeToItsLastEvent() {
        String feed = feedToken();
        long last = lastEvent(feed);
        // two changes, one transaction each: 300 clients created, then a scope granted to each of them
        createClients("bulk-page-", 300);
        this.jdbc.update("INSERT INTO client_scopes (client_id, scope_name) "
                + "SELECT client_id, 'users.read' FROM clients WHERE client_id LIKE 'bulk-page-%'");

        Map<String, Object> answer = get("/feed/v1/events?after=" + last + "&wait=0", feed).json();

        // a page is 500 events: the 300 creations and 200 of the grants, then the grants' other 100
        List<?> events = (List<?>) answer.get("events");
        assertThat(events).hasSize(600);
        assertThat(events.get(599).toString()).contains("SCOPE_GRANTED");
        assertThat(((Number) answer.get("last")).longValue()).isEqualTo(lastEventId());
        assertThat(answer.get("snapshotNeeded")).isEqualTo(false);
    }

    @Test
    void eventsWhenAChangeIsLargerThanAnAnswerHoldsThenAnsweredUpToItAndThenSentToASnapshot() {
        String feed = feedToken();
        long last = lastEvent(feed);
        createClients("bulk-before-", 1);
        createClients("bulk-large-", 5_100);

        Map<String, Object> first = get("/feed/v1/events?after=" + last + "&wait=0", feed).json();
        long beforeLarge = ((Number) first.get("last")).longValue();
        long started = System.nanoTime();
        Map<String, Object> second = get("/feed/v1/events?after=" + beforeLarge + "&wait=20", feed).json();
        Duration answeredIn = Duration.ofNanos(System.nanoTime() - started);
        Map<String, Object> snapshot = get("/feed/v1/snapshot", feed).json();

        // the change before the large one, alone: none of the large one's events
        assertThat((List<?>) first.get("events")).hasSize(1);
        assertThat(first.get("events").toString()).contains("bulk-before-1").doesNotContain("bulk-large-");
        assertThat(first.get("snapshotNeeded")).isEqualTo(false);
        // then no events, at once (not after the long poll's wait), and the follower is sent to a snapshot
        assertThat((List<?>) second.get("events")).isEmpty();
        assertThat(((Number) second.get("last")).longValue()).isEqualTo(beforeLarge);
        assertThat(second.get("snapshotNeeded")).isEqualTo(true);
        assertThat(answeredIn).isLessThan(Duration.ofSeconds(10));
        // which holds the whole change
        assertThat(((Number) snapshot.get("last")).longValue()).isEqualTo(lastEventId());
        assertThat(snapshot.get("createdAt").toString()).contains("bulk-large-1=", "bulk-large-5100=");
    }

    /** {@code count} clients created by one statement (one transaction): a CLIENT_CREATED event each. */
    private void createClients(String prefix, int count) {
        this.jdbc.update("INSERT INTO clients (client_id, name, authentication_method, secret_hash, "
                + "access_token_ttl_seconds, version) SELECT ? || g, 'Bulk', 'client_secret_basic', 'unused', 300, 0 "
                + "FROM generate_series(1, ?) g", prefix, count);
    }

    /** Where a follower starting now polls from: the snapshot's last event. */
    private long lastEvent(String feed) {
        return ((Number) get("/feed/v1/snapshot", feed).json().get("last")).longValue();
    }

    private long lastEventId() {
        return this.jdbc.queryForObject("SELECT max(id) FROM security_events", Long.class);
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
