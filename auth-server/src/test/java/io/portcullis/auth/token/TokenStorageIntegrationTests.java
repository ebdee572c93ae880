package io.portcullis.auth.token;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.portcullis.auth.AuthServerIntegrationTestSupport;
import io.portcullis.auth.client.Client;
import io.portcullis.auth.client.ClientSecrets;
import io.portcullis.auth.client.TestClients;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Decision 5 (no write per token) and decision 4 (secrets only as keyed hashes), checked on the database. */
class TokenStorageIntegrationTests extends AuthServerIntegrationTestSupport {

    @Autowired
    JdbcTemplate jdbc;

    @BeforeEach
    void setUp() {
    }

    @Test
    void tokenWhenHundredRequestsThenNoRowChangesInAnyTable() {
        TestClients.Created client = save(TestClients.confidential().defaultScopes("users.read"));
        this.oauth.accessToken(client.clientId(), client.secret());
        Map<String, Long> before = rowCounts();
        Map<String, String> versionsBefore = tupleVersions();

        for (int i = 0; i < 100; i++) {
            this.oauth.accessToken(client.clientId(), client.secret());
        }

        assertThat(rowCounts()).isEqualTo(before);
        assertThat(before).containsKeys("clients", "signing_keys", "revoked_tokens", "scopes");
        assertThat(tupleVersions()).isEqualTo(versionsBefore);
    }

    @Test
    void secretsWhenStoredThenNeverInClearAnywhere() {
        TestClients.Created client = save(TestClients.confidential().defaultScopes("users.read"));
        this.oauth.accessToken(client.clientId(), client.secret());
        String bootstrapSecret = "test-admin-secret-that-is-long-enough-000";

        for (String table : tables()) {
            List<String> rows = this.jdbc.queryForList("SELECT row_to_json(t)::text FROM " + table + " t",
                    String.class);
            assertThat(rows).as(table).noneMatch((row) -> row.contains(client.secret()))
                .noneMatch((row) -> row.contains(bootstrapSecret));
        }
        assertThat(this.jdbc.queryForObject("SELECT secret_hash FROM clients WHERE client_id = ?", String.class,
                client.clientId()))
            .isEqualTo(this.hasher.hash(client.secret()));
    }

    @Test
    void tokenWhenSecretRotatedThenPreviousSecretValidDuringGracePeriodOnly() {
        TestClients.Created client = save(TestClients.confidential().defaultScopes("users.read"));
        String next = ClientSecrets.generate();
        Client stored = this.clients.findById(client.clientId()).orElseThrow();
        this.clients.save(stored.withRotatedSecret(this.hasher.hash(next), Instant.now().plus(Duration.ofHours(1)),
                Instant.now()));

        await().atMost(Duration.ofSeconds(5))
            .untilAsserted(() -> assertThat(this.oauth.token(client.clientId(), next).status()).isEqualTo(200));
        assertThat(this.oauth.token(client.clientId(), client.secret()).status()).isEqualTo(200);

        this.jdbc.update("UPDATE clients SET previous_secret_expires_at = now() - interval '1 second', "
                + "version = version + 1 WHERE client_id = ?", client.clientId());
        await().atMost(Duration.ofSeconds(5))
            .untilAsserted(() -> assertThat(this.oauth.token(client.clientId(), client.secret()).status())
                .isEqualTo(401));
        assertThat(this.oauth.token(client.clientId(), next).status()).isEqualTo(200);
    }

    @Test
    void tokenWhenClientChangedInDatabaseThenCacheFollowsWithinSeconds() {
        TestClients.Created client = save(TestClients.confidential().defaultScopes("users.read"));
        assertThat(this.oauth.token(client.clientId(), client.secret()).status()).isEqualTo(200);

        this.jdbc.update("UPDATE clients SET enabled = false WHERE client_id = ?", client.clientId());

        await().atMost(Duration.ofSeconds(3))
            .untilAsserted(() -> assertThat(this.oauth.token(client.clientId(), client.secret()).status())
                .isEqualTo(401));
    }

    private List<String> tables() {
        return this.jdbc.queryForList("SELECT table_name FROM information_schema.tables "
                + "WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name", String.class);
    }

    private Map<String, Long> rowCounts() {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (String table : tables()) {
            counts.put(table, this.jdbc.queryForObject("SELECT count(*) FROM " + table, Long.class));
        }
        return counts;
    }

    /**
     * Where every row version lives and which transaction wrote it: any insert, update or delete, even one that
     * leaves the row count alone, changes this.
     */
    private Map<String, String> tupleVersions() {
        Map<String, String> versions = new LinkedHashMap<>();
        for (String table : tables()) {
            versions.put(table, this.jdbc.queryForObject(
                    "SELECT coalesce(string_agg(ctid::text || '@' || xmin::text, ',' ORDER BY ctid), '') FROM " + table,
                    String.class));
        }
        return versions;
    }

}
