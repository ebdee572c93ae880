package io.portcullis.auth.token;

import io.portcullis.auth.AuthServerIntegrationTestSupport;
import java.time.Instant;
import java.util.Map;

import io.portcullis.auth.OAuthClient.Response;
import io.portcullis.auth.client.Client;
import io.portcullis.auth.client.TestClients;
import io.portcullis.auth.revocation.RevocationStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class IntrospectionAndRevocationIntegrationTests extends AuthServerIntegrationTestSupport {

    static final String ADMIN = "test-admin";

    static final String ADMIN_SECRET = "test-admin-secret-that-is-long-enough-000";

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    RevocationStore revocations;

    TestClients.Created alice;

    TestClients.Created bob;

    @BeforeEach
    void setUp() {
        this.alice = save(TestClients.confidential().defaultScopes("users.read"));
        this.bob = save(TestClients.confidential().defaultScopes("users.read"));
    }

    @Test
    void introspectWhenOwnTokenThenActiveWithClaims() {
        String token = this.oauth.accessToken(this.alice.clientId(), this.alice.secret());

        Response response = introspect(this.alice, token);

        assertThat(response.status()).isEqualTo(200);
        Map<String, Object> claims = response.json();
        assertThat(claims).containsEntry("active", true)
            .containsEntry("client_id", this.alice.clientId())
            .containsEntry("sub", this.alice.clientId())
            .containsEntry("scope", "users.read")
            .containsEntry("token_type", "Bearer")
            .containsEntry("iss", "https://auth.portcullis.test")
            .containsKeys("exp", "iat", "jti", "aud");
    }

    @Test
    void introspectWhenAnotherClientsTokenThenInactive() {
        String token = this.oauth.accessToken(this.alice.clientId(), this.alice.secret());

        Response response = introspect(this.bob, token);

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json()).containsExactly(Map.entry("active", false));
    }

    @Test
    void introspectWhenCallerHoldsIntrospectionScopeThenAnyTokenActive() {
        String token = this.oauth.accessToken(this.alice.clientId(), this.alice.secret());

        Response response = this.oauth.post("/oauth2/introspect", ADMIN, ADMIN_SECRET, "token", token);

        assertThat(response.json()).containsEntry("active", true).containsEntry("client_id", this.alice.clientId());
    }

    @Test
    void introspectWhenGarbageOrForeignTokenThenInactive() {
        String forged = "eyJhbGciOiJub25lIiwidHlwIjoiYXQrand0In0.eyJzdWIiOiJ4In0.";

        assertThat(introspect(this.alice, "not-a-jwt").json()).containsExactly(Map.entry("active", false));
        assertThat(introspect(this.alice, forged).json()).containsExactly(Map.entry("active", false));
    }

    @Test
    void introspectWhenWrongCredentialsThenInvalidClient() {
        Response response = this.oauth.post("/oauth2/introspect", this.alice.clientId(), "wrong", "token", "x");

        assertThat(response.status()).isEqualTo(401);
        assertThat(response.json()).containsEntry("error", "invalid_client");
    }

    @Test
    void introspectWhenTokenMissingThenInvalidRequest() {
        Response response = this.oauth.post("/oauth2/introspect", this.alice.clientId(), this.alice.secret());

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json()).containsEntry("error", "invalid_request");
    }

    @Test
    void revokeWhenOwnTokenThenIntrospectionInactiveAndJtiStoredUntilExp() {
        String token = this.oauth.accessToken(this.alice.clientId(), this.alice.secret());
        String jti = (String) introspect(this.alice, token).json().get("jti");
        long exp = ((Number) introspect(this.alice, token).json().get("exp")).longValue();

        Response response = this.oauth.post("/oauth2/revoke", this.alice.clientId(), this.alice.secret(), "token",
                token);

        assertThat(response.status()).isEqualTo(200);
        assertThat(introspect(this.alice, token).json()).containsExactly(Map.entry("active", false));
        Map<String, Object> row = this.jdbc.queryForMap("SELECT client_id, expires_at FROM revoked_tokens WHERE jti = ?",
                jti);
        assertThat(row.get("client_id")).isEqualTo(this.alice.clientId());
        assertThat(((java.sql.Timestamp) row.get("expires_at")).toInstant()).isEqualTo(Instant.ofEpochSecond(exp));
    }

    @Test
    void revokeWhenRevokedTwiceThenOkAndOneRow() {
        String token = this.oauth.accessToken(this.alice.clientId(), this.alice.secret());

        this.oauth.post("/oauth2/revoke", this.alice.clientId(), this.alice.secret(), "token", token);
        Response again = this.oauth.post("/oauth2/revoke", this.alice.clientId(), this.alice.secret(), "token",
                token);

        assertThat(again.status()).isEqualTo(200);
        assertThat(this.jdbc.queryForObject("SELECT count(*) FROM revoked_tokens WHERE client_id = ?", Long.class,
                this.alice.clientId()))
            .isEqualTo(1);
    }

    @Test
    void revokeWhenAnotherClientsTokenThenOkLikeUnknownTokenAndNothingStored() {
        String token = this.oauth.accessToken(this.alice.clientId(), this.alice.secret());

        Response response = this.oauth.post("/oauth2/revoke", this.bob.clientId(), this.bob.secret(), "token", token);
        Response unknown = this.oauth.post("/oauth2/revoke", this.bob.clientId(), this.bob.secret(), "token",
                "no-such-token");

        // RFC 7009 §2.2: the answer must not tell bob that the token is valid
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body()).isEmpty();
        assertThat(unknown.status()).isEqualTo(200);
        assertThat(response.body()).isEqualTo(unknown.body());
        assertThat(this.jdbc.queryForObject("SELECT count(*) FROM revoked_tokens WHERE client_id = ?", Long.class,
                this.alice.clientId()))
            .isZero();
        assertThat(introspect(this.alice, token).json()).containsEntry("active", true);
    }

    @Test
    void revokeWhenCallerHoldsRevocationScopeThenAnyTokenRevoked() {
        String token = this.oauth.accessToken(this.alice.clientId(), this.alice.secret());

        Response response = this.oauth.post("/oauth2/revoke", ADMIN, ADMIN_SECRET, "token", token);

        assertThat(response.status()).isEqualTo(200);
        assertThat(introspect(this.alice, token).json()).containsEntry("active", false);
    }

    @Test
    void revokeWhenUnknownTokenThenOkAndNothingStored() {
        long before = this.jdbc.queryForObject("SELECT count(*) FROM revoked_tokens", Long.class);

        Response response = this.oauth.post("/oauth2/revoke", this.alice.clientId(), this.alice.secret(), "token",
                "not-a-token");

        assertThat(response.status()).isEqualTo(200);
        assertThat(this.jdbc.queryForObject("SELECT count(*) FROM revoked_tokens", Long.class)).isEqualTo(before);
    }

    @Test
    void introspectWhenClientDisabledThenInactive() {
        String token = this.oauth.accessToken(this.alice.clientId(), this.alice.secret());
        Client stored = this.clients.findById(this.alice.clientId()).orElseThrow();
        this.jdbc.update("UPDATE clients SET enabled = false, version = version + 1 WHERE client_id = ?",
                stored.clientId());

        await().atMost(java.time.Duration.ofSeconds(5))
            .untilAsserted(() -> assertThat(this.oauth.post("/oauth2/introspect", ADMIN, ADMIN_SECRET, "token", token)
                .json()).containsEntry("active", false));
    }

    @Test
    void introspectWhenIssuedBeforeClientRevokedBeforeThenInactive() throws Exception {
        String token = this.oauth.accessToken(this.alice.clientId(), this.alice.secret());
        Thread.sleep(1100);
        this.jdbc.update("UPDATE clients SET revoked_before = now(), version = version + 1 WHERE client_id = ?",
                this.alice.clientId());

        await().atMost(java.time.Duration.ofSeconds(5))
            .untilAsserted(() -> assertThat(introspect(this.alice, token).json()).containsEntry("active", false));
        // iat has one-second precision: a token of the same second as the revocation counts as revoked
        Thread.sleep(1100);
        String fresh = this.oauth.accessToken(this.alice.clientId(), this.alice.secret());
        assertThat(introspect(this.alice, fresh).json()).containsEntry("active", true);
    }

    @Test
    void purgeWhenRevocationExpiredThenDeletedAndLiveOnesKept() {
        this.revocations.revoke("expired-jti", this.alice.clientId(), Instant.now().minusSeconds(600));
        this.revocations.revoke("live-jti", this.alice.clientId(), Instant.now().plusSeconds(600));

        int purged = this.revocations.purgeExpiredBefore(Instant.now().minusSeconds(60));

        assertThat(purged).isEqualTo(1);
        assertThat(this.revocations.isRevoked("expired-jti")).isFalse();
        assertThat(this.revocations.isRevoked("live-jti")).isTrue();
    }

    private Response introspect(TestClients.Created caller, String token) {
        return this.oauth.post("/oauth2/introspect", caller.clientId(), caller.secret(), "token", token);
    }

}
