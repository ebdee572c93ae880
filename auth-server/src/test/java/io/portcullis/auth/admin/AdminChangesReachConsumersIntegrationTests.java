package io.portcullis.auth.admin;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.portcullis.auth.OAuthClient.Response;
import io.portcullis.revocation.DenyList;
import io.portcullis.revocation.FeedProperties;
import io.portcullis.revocation.SecurityFeedFollower;
import io.portcullis.testsupport.TestPki;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Admin decisions reach two independent consumers of the security feed (as the gateway and a service follow it),
 * each with its own deny-list, within two seconds of the admin's call returning.
 */
class AdminChangesReachConsumersIntegrationTests extends AdminIntegrationTestSupport {

    static final Duration TARGET = Duration.ofSeconds(2);

    final List<Consumer> consumers = new ArrayList<>();

    @BeforeEach
    void start() {
        this.consumers.add(new Consumer(new DenyList(Clock.systemUTC())).follow(this.port));
        this.consumers.add(new Consumer(new DenyList(Clock.systemUTC())).follow(this.port));
        await().atMost(Duration.ofSeconds(10)).until(() -> this.consumers.stream().allMatch(Consumer::isReady));
    }

    @AfterEach
    void stop() {
        this.consumers.forEach(Consumer::close);
    }

    @Test
    void journeyWhenScopeTakenAwayThenNextTokenRequestInvalidScopeAndOldTokenDeniedWithinTwoSeconds()
            throws Exception {
        assertThat(this.admin.post("/admin/v1/resources",
                "{\"name\": \"ledger\", \"uri\": \"https://ledger.example.com\"}").status()).isEqualTo(201);
        assertThat(this.admin.post("/admin/v1/scopes", "{\"name\": \"ledger.read\", \"resource\": \"ledger\"}")
            .status()).isEqualTo(201);
        Map<String, Object> client = createClient(
                "{\"name\": \"Ledger reader\", \"scopes\": [\"ledger.read\"], \"defaultScopes\": [\"ledger.read\"]}");
        String clientId = (String) client.get("clientId");
        String secret = (String) client.get("clientSecret");
        String token = this.oauth.accessToken(clientId, secret, "scope", "ledger.read");
        await().atMost(TARGET).until(() -> this.consumers.stream().noneMatch((consumer) -> consumer.denies(token)));

        Response taken = this.admin.delete("/admin/v1/clients/" + clientId + "/scopes/ledger.read", null);
        long returnedAt = System.nanoTime();

        assertThat(taken.status()).isEqualTo(200);
        Response next = this.oauth.token(clientId, secret, "scope", "ledger.read");
        assertThat(next.status()).isEqualTo(400);
        assertThat(next.json()).containsEntry("error", "invalid_scope");
        for (Consumer consumer : this.consumers) {
            assertThat(consumer.timeUntilDenied(token, returnedAt)).isLessThan(TARGET);
        }
    }

    @Test
    void latencyWhenTwentyAdminDecisionsThenEveryConsumerDeniesWithinTwoSeconds() throws Exception {
        List<Function<Issued, Response>> decisions = List.of(
                (issued) -> this.admin.post("/admin/v1/tokens/revoke",
                        "{\"jti\": \"" + issued.jti() + "\", \"clientId\": \"" + issued.clientId() + "\"}"),
                (issued) -> this.admin.post("/admin/v1/clients/" + issued.clientId() + "/tokens/revoke"),
                (issued) -> this.admin.patch("/admin/v1/clients/" + issued.clientId(), "{\"enabled\": false}", null),
                (issued) -> this.admin.delete("/admin/v1/clients/" + issued.clientId() + "/scopes/users.write", null),
                (issued) -> this.admin.delete("/admin/v1/clients/" + issued.clientId(), null));
        List<Duration> latencies = new ArrayList<>();

        for (int round = 0; round < 10; round++) {
            Issued issued = issue();
            Response decision = decisions.get(round % decisions.size()).apply(issued);
            long returnedAt = System.nanoTime();
            assertThat(decision.status()).as(decision.body()).isBetween(200, 204);
            for (Consumer consumer : this.consumers) {
                latencies.add(consumer.timeUntilDenied(issued.token(), returnedAt));
            }
        }

        Collections.sort(latencies);
        Duration p50 = latencies.get(latencies.size() / 2);
        Duration max = latencies.get(latencies.size() - 1);
        System.out.printf("Admin decision -> deny-list of 2 consumers, %d samples: p50 %d ms, max (>= p99) %d ms%n",
                latencies.size(), p50.toMillis(), max.toMillis());
        assertThat(max).isLessThan(TARGET);
    }

    @Test
    void consumerWhenRestartedThenCatchesUpOnWhatHappenedMeanwhile() throws Exception {
        Issued revokedWhileDown = issue();
        Issued disabledWhileDown = issue();
        Consumer first = this.consumers.get(0);
        first.close();

        this.admin.post("/admin/v1/tokens/revoke", "{\"jti\": \"" + revokedWhileDown.jti() + "\", \"clientId\": \""
                + revokedWhileDown.clientId() + "\"}");
        this.admin.patch("/admin/v1/clients/" + disabledWhileDown.clientId(), "{\"enabled\": false}", null);
        assertThat(first.denies(revokedWhileDown.token())).isFalse();
        first.follow(this.port);
        Consumer fresh = new Consumer(new DenyList(Clock.systemUTC())).follow(this.port);
        this.consumers.add(fresh);

        for (Consumer consumer : List.of(first, fresh)) {
            await().atMost(Duration.ofSeconds(5)).until(() -> consumer.denies(revokedWhileDown.token())
                    && consumer.denies(disabledWhileDown.token()));
        }
    }

    @Test
    void clientWhenDeletedAndCreatedAgainThenOldTokensStayDeadAndNewTokensServedEverywhere() throws Exception {
        String json = "{\"clientId\": \"reborn\", \"name\": \"Reborn\", \"scopes\": [\"users.read\"], "
                + "\"defaultScopes\": [\"users.read\"]}";
        String oldToken = this.oauth.accessToken("reborn", (String) createClient(json).get("clientSecret"));
        await().atMost(TARGET).until(() -> this.consumers.stream().noneMatch((consumer) -> consumer.denies(oldToken)));

        assertThat(this.admin.delete("/admin/v1/clients/reborn", null).status()).isEqualTo(204);
        for (Consumer consumer : this.consumers) {
            assertThat(consumer.timeUntilDenied(oldToken, System.nanoTime())).isLessThan(TARGET);
        }
        // a consumer that starts after the deletion learns it from the snapshot
        Consumer afterDeletion = new Consumer(new DenyList(Clock.systemUTC())).follow(this.port);
        this.consumers.add(afterDeletion);
        await().atMost(Duration.ofSeconds(10)).until(afterDeletion::isReady);
        assertThat(afterDeletion.denies(oldToken)).isTrue();

        String newSecret = (String) createClient(json).get("clientSecret");
        String newToken = this.oauth.accessToken("reborn", newSecret);
        long createdAt = System.nanoTime();

        assertThat(introspect(oldToken)).containsEntry("active", false);
        assertThat(introspect(newToken)).containsEntry("active", true);
        for (Consumer consumer : this.consumers) {
            assertThat(consumer.timeUntilAccepted(newToken, createdAt)).isLessThan(TARGET);
            assertThat(consumer.denies(oldToken)).isTrue();
        }
        Consumer afterCreation = new Consumer(new DenyList(Clock.systemUTC())).follow(this.port);
        this.consumers.add(afterCreation);
        await().atMost(Duration.ofSeconds(10)).until(afterCreation::isReady);
        assertThat(afterCreation.denies(oldToken)).isTrue();
        assertThat(afterCreation.denies(newToken)).isFalse();
    }

    @Test
    void clientWhenDisabledAndEnabledAgainThenItsEarlierTokensStayDeadEverywhereAndNewOnesServe() throws Exception {
        String json = "{\"name\": \"Leaky\", \"scopes\": [\"users.read\"], \"defaultScopes\": [\"users.read\"]}";
        Map<String, Object> client = createClient(json);
        String clientId = (String) client.get("clientId");
        String secret = (String) client.get("clientSecret");
        String leaked = this.oauth.accessToken(clientId, secret);
        String revokedWhileDisabled = this.oauth.accessToken(clientId, secret);
        await().atMost(TARGET).until(() -> this.consumers.stream().noneMatch((consumer) -> consumer.denies(leaked)));

        assertThat(this.admin.patch("/admin/v1/clients/" + clientId, "{\"enabled\": false}", null).status())
            .isEqualTo(200);
        assertThat(this.oauth.post("/oauth2/revoke", AdminApi.ADMIN, AdminApi.ADMIN_SECRET, "token",
                revokedWhileDisabled).status()).isEqualTo(200);
        // at once: enabling waits until the second of the revocation is over, so the next token is not born revoked
        Response enabled = this.admin.patch("/admin/v1/clients/" + clientId, "{\"enabled\": true}", null);
        long enabledAt = System.nanoTime();
        String fresh = this.oauth.accessToken(clientId, secret);

        assertThat(enabled.status()).isEqualTo(200);
        assertThat(enabled.json()).containsKey("revokedBefore");
        for (String token : List.of(leaked, revokedWhileDisabled)) {
            assertThat(introspect(token)).containsEntry("active", false);
        }
        assertThat(introspect(fresh)).containsEntry("active", true);
        for (Consumer consumer : this.consumers) {
            assertThat(consumer.timeUntilAccepted(fresh, enabledAt)).isLessThan(TARGET);
            assertThat(consumer.denies(leaked)).isTrue();
            assertThat(consumer.denies(revokedWhileDisabled)).isTrue();
        }
    }

    @Test
    void revokeByJtiWhenInvalidThenBadRequestAndNothingRevoked() throws Exception {
        Issued issued = issue();

        assertThat(errors(this.admin.post("/admin/v1/tokens/revoke",
                "{\"jti\": \"" + issued.jti() + "\", \"clientId\": \"nobody\"}")))
            .containsExactly(Map.of("field", "clientId", "message", "no client nobody"));
        assertThat(errors(this.admin.post("/admin/v1/tokens/revoke", "{\"clientId\": \"x\"}")))
            .extracting((error) -> error.get("field")).containsExactly("jti");

        Thread.sleep(300);
        assertThat(this.consumers.get(0).denies(issued.token())).isFalse();
        assertThat(this.admin.post("/admin/v1/tokens/revoke", "{\"jti\": \"" + issued.jti() + "\", \"clientId\": \""
                + issued.clientId() + "\"}").status()).isEqualTo(204);
        assertThat(this.admin.post("/admin/v1/tokens/revoke", "{\"jti\": \"" + issued.jti() + "\", \"clientId\": \""
                + issued.clientId() + "\"}").status()).isEqualTo(204);
        assertThat(this.oauth.post("/oauth2/introspect", AdminApi.ADMIN, AdminApi.ADMIN_SECRET, "token",
                issued.token()).json()).containsEntry("active", false);
    }

    @Test
    @SuppressWarnings("unchecked")
    void keysWhenRotatedThroughTheApiThenNextKeyPublishedAndAudited() {
        Response before = this.admin.get("/admin/v1/keys");
        List<Map<String, Object>> keys = (List<Map<String, Object>>) (List<?>) readList(before);
        assertThat(keys).extracting((key) -> key.get("state")).containsExactly("ACTIVE");
        assertThat(before.body()).doesNotContain("\"d\"").doesNotContain("private");

        Response rotated = this.admin.post("/admin/v1/keys/rotate");

        assertThat(rotated.status()).isEqualTo(200);
        String next = (String) rotated.json().get("kid");
        assertThat(rotated.json()).containsEntry("state", "NEXT").containsEntry("algorithm", "RS256");
        assertThat(this.oauth.get("/oauth2/jwks").body()).contains(next).contains((String) keys.get(0).get("kid"));
        List<Map<String, Object>> after = (List<Map<String, Object>>) (List<?>) readList(
                this.admin.get("/admin/v1/keys"));
        assertThat(after).extracting((key) -> key.get("state")).containsExactly("ACTIVE", "NEXT");
        assertThat(after.get(0).get("retires")).isEqualTo(rotated.json().get("activates"));
        assertThat(this.admin.post("/admin/v1/keys/rotate").json()).containsEntry("kid", next);
        assertThat(this.admin.get("/admin/v1/audit-events?type=KEY_ROTATED").json()).containsEntry("totalItems", 1);
    }

    @Test
    @SuppressWarnings("unchecked")
    void keyWhenWithdrawnThenItsTokensDeniedByConsumersAndAnotherKeySignsAtOnce() throws Exception {
        Issued issued = issue();
        String kid = SignedJWT.parse(issued.token()).getHeader().getKeyID();
        assertThat(this.consumers.get(0).denies(issued.token())).isFalse();

        Response withdrawn = this.admin.post("/admin/v1/keys/" + kid + "/withdraw");
        long returnedAt = System.nanoTime();

        assertThat(withdrawn.status()).as(withdrawn.body()).isEqualTo(200);
        assertThat(withdrawn.json()).containsEntry("kid", kid).containsEntry("state", "WITHDRAWN");
        for (Consumer consumer : this.consumers) {
            assertThat(consumer.timeUntilDenied(issued.token(), returnedAt)).isLessThan(TARGET);
        }
        assertThat(this.oauth.get("/oauth2/jwks").body()).doesNotContain(kid);
        // the admin's own token was signed by that key too
        assertThat(this.admin.get("/admin/v1/keys").status()).isEqualTo(401);
        this.admin = AdminApi.asAdmin(this.oauth);
        Issued after = issue();
        assertThat(SignedJWT.parse(after.token()).getHeader().getKeyID()).isNotEqualTo(kid);
        assertThat(this.consumers.get(0).denies(after.token())).isFalse();
        assertThat(this.oauth.post("/oauth2/introspect", AdminApi.ADMIN, AdminApi.ADMIN_SECRET, "token",
                issued.token()).json()).containsEntry("active", false);
        assertThat(this.admin.post("/admin/v1/keys/" + kid + "/withdraw").json()).containsEntry("state", "WITHDRAWN");
        assertThat(this.admin.post("/admin/v1/keys/nope/withdraw").status()).isEqualTo(404);
        assertThat(this.admin.get("/admin/v1/audit-events?type=KEY_WITHDRAWN").json()).containsEntry("totalItems", 1);

        String next = (String) this.admin.post("/admin/v1/keys/rotate").json().get("kid");
        this.admin.post("/admin/v1/keys/" + next + "/withdraw");
        List<Map<String, Object>> keys = (List<Map<String, Object>>) (List<?>) readList(
                this.admin.get("/admin/v1/keys"));
        assertThat(keys).extracting((key) -> key.get("state")).containsExactly("ACTIVE");
        assertThat(keys.get(0).get("retires")).isNull();
    }

    private Map<String, Object> introspect(String token) {
        return this.oauth.post("/oauth2/introspect", AdminApi.ADMIN, AdminApi.ADMIN_SECRET, "token", token).json();
    }

    /** The items of a listing of the admin API (every list is a page: items, page, size, totalItems). */
    @SuppressWarnings("unchecked")
    private static List<Object> readList(Response response) {
        return (List<Object>) response.json().get("items");
    }

    /** A new client holding users.read and users.write, and a token carrying both. */
    private Issued issue() throws Exception {
        Map<String, Object> client = createClient(
                "{\"name\": \"Consumer test\", \"scopes\": [\"users.read\", \"users.write\"]}");
        String clientId = (String) client.get("clientId");
        String token = this.oauth.accessToken(clientId, (String) client.get("clientSecret"), "scope",
                "users.read users.write");
        return new Issued(clientId, SignedJWT.parse(token).getJWTClaimsSet().getJWTID(), token);
    }

    record Issued(String clientId, String jti, String token) {
    }

    /** One follower of the feed and its deny-list, as a gateway or a service runs them. */
    static final class Consumer implements AutoCloseable {

        private final DenyList denyList;

        private SecurityFeedFollower follower;

        Consumer(DenyList denyList) {
            this.denyList = denyList;
        }

        Consumer follow(int port) {
            String base = "https://localhost:" + port;
            this.follower = new SecurityFeedFollower(FeedProperties.of(base + "/feed/v1", base + "/oauth2/token",
                    "test-edge", "test-edge-secret-that-is-long-enough-00000"),
                    TestPki.platform().trustOnlySslContext(), this.denyList);
            return this;
        }

        boolean isReady() {
            return this.denyList.isReady();
        }

        boolean denies(String token) {
            try {
                SignedJWT jwt = SignedJWT.parse(token);
                JWTClaimsSet claims = jwt.getJWTClaimsSet();
                return this.denyList.denies(jwt.getHeader().getKeyID(), claims.getJWTID(),
                        claims.getStringClaim("client_id"), claims.getIssueTime().toInstant(), List.of(claims.getStringClaim("scope").split(" ")));
            }
            catch (java.text.ParseException ex) {
                throw new IllegalArgumentException(ex);
            }
        }

        /** Polls every millisecond until the token is denied; fails after five seconds. */
        Duration timeUntilDenied(String token, long sinceNanos) throws Exception {
            long deadline = sinceNanos + Duration.ofSeconds(5).toNanos();
            while (!denies(token)) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("Not denied within 5 s");
                }
                Thread.sleep(1);
            }
            return Duration.ofNanos(System.nanoTime() - sinceNanos);
        }

        /** Polls every millisecond until the token is accepted; fails after five seconds. */
        Duration timeUntilAccepted(String token, long sinceNanos) throws Exception {
            long deadline = sinceNanos + Duration.ofSeconds(5).toNanos();
            while (denies(token)) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("Still denied after 5 s");
                }
                Thread.sleep(1);
            }
            return Duration.ofNanos(System.nanoTime() - sinceNanos);
        }

        @Override
        public void close() {
            if (this.follower != null) {
                this.follower.close();
            }
        }

    }

}
