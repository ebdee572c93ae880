package io.portcullis.auth.client;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import io.portcullis.auth.AuthServerIntegrationTestSupport;
import io.portcullis.auth.OAuthClient.Response;
import io.portcullis.auth.admin.AdminApi;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The admin API cannot break the platform's own scopes and clients: the built-in scopes stay with the auth-server,
 * some enabled client always holds {@code platform.admin}, and a start applies the bootstrap clients' configuration
 * when it changed, and leaves what an admin changed through the API alone when it did not. The tests share one
 * database and run in order: the first ones need test-admin to be the only admin,
 * the later ones add admins.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BuiltInScopesAndClientsIntegrationTests extends AuthServerIntegrationTestSupport {

    static final String LAST_ADMIN = "Client test-admin is the last enabled client holding platform.admin; "
            + "grant platform.admin to another client first";

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    ClientBootstrap bootstrap;

    AdminApi admin;

    @BeforeEach
    void signIn() {
        this.admin = AdminApi.asAdmin(this.oauth);
    }

    @Test
    @Order(1)
    void scopeWhenBuiltInMovedToAnotherResourceThenConflictAndUnchanged() {
        long audits = count("audit_events");

        for (String scope : List.of("platform.admin", "security.feed", "tokens.introspect", "tokens.revoke")) {
            assertProblem(this.admin.patch("/admin/v1/scopes/" + scope, "{\"resource\": \"user-service\"}", null),
                    409, "Scope " + scope + " is built into the platform and cannot be moved to another resource");
            assertThat(this.admin.get("/admin/v1/scopes/" + scope).json()).containsEntry("resource", "auth-server")
                .containsEntry("audience", "https://auth.portcullis.test");
            assertProblem(this.admin.delete("/admin/v1/scopes/" + scope, null), 409,
                    "Scope " + scope + " is built into the platform and cannot be deleted");
        }

        assertThat(count("audit_events")).isEqualTo(audits);
        assertThat(this.admin.patch("/admin/v1/scopes/security.feed", "{\"description\": \"Follow the feed\"}", null)
            .status()).isEqualTo(200);
        assertThat(this.admin.patch("/admin/v1/scopes/security.feed", "{\"resource\": \"auth-server\"}", null)
            .status()).isEqualTo(200);
        assertThat(this.admin.get("/admin/v1/keys").status()).isEqualTo(200);
    }

    @Test
    @Order(2)
    void lastPlatformAdminWhenScopeTakenOrClientChangedThenConflictAndUnchanged() {
        long audits = count("audit_events");
        long events = count("security_events");

        assertProblem(this.admin.delete("/admin/v1/clients/test-admin/scopes/platform.admin", null), 409,
                LAST_ADMIN);
        assertProblem(this.admin.patch("/admin/v1/clients/test-admin", "{\"scopes\": [\"tokens.introspect\"]}",
                null), 409, LAST_ADMIN);
        assertProblem(this.admin.patch("/admin/v1/clients/test-admin", "{\"enabled\": false}", null), 409,
                "An admin cannot disable the client it is authenticated as (test-admin)");
        assertProblem(this.admin.delete("/admin/v1/clients/test-admin", null), 409,
                "An admin cannot delete the client it is authenticated as (test-admin)");

        assertThat(count("audit_events")).isEqualTo(audits);
        assertThat(count("security_events")).isEqualTo(events);
        assertThat(heldScopes("test-admin")).contains("platform.admin");
        assertThat(this.admin.get("/admin/v1/keys").status()).isEqualTo(200);
    }

    @Test
    @Order(4)
    void platformAdminWhenAnotherEnabledClientHoldsItThenItMayBeTakenButNotFromTheLastOne() {
        Map<String, Object> second = this.admin.post("/admin/v1/clients", """
                {"clientId": "second-admin", "name": "Second admin", "scopes": ["platform.admin"],
                 "defaultScopes": ["platform.admin"]}""").json();
        AdminApi secondAdmin = AdminApi.withToken(this.oauth,
                this.oauth.accessToken("second-admin", (String) second.get("clientSecret")));
        assertThat(secondAdmin.patch("/admin/v1/clients/second-admin", "{\"enabled\": false}", null).status())
            .isEqualTo(409);

        assertThat(this.admin.delete("/admin/v1/clients/test-admin/scopes/platform.admin", null).status())
            .isEqualTo(200);

        assertThat(this.admin.get("/admin/v1/keys").status()).isEqualTo(401);
        assertProblem(secondAdmin.delete("/admin/v1/clients/second-admin/scopes/platform.admin", null), 409,
                "Client second-admin is the last enabled client holding platform.admin; grant platform.admin to "
                        + "another client first");
        assertThat(secondAdmin.put("/admin/v1/clients/test-admin/scopes/platform.admin", null, null).status())
            .isEqualTo(200);
        assertThat(secondAdmin.patch("/admin/v1/clients/test-admin", "{\"enabled\": false}", null).status())
            .isEqualTo(200);
        assertProblem(secondAdmin.patch("/admin/v1/clients/second-admin", "{\"scopes\": []}", null), 409,
                "Client second-admin is the last enabled client holding platform.admin; grant platform.admin to "
                        + "another client first");
        assertThat(secondAdmin.patch("/admin/v1/clients/test-admin", "{\"enabled\": true}", null).status())
            .isEqualTo(200);
        assertThat(secondAdmin.delete("/admin/v1/clients/test-admin", null).status()).isEqualTo(204);
        assertThat(enabledAdmins()).containsExactly("second-admin");

        // a restart with the configuration applied before leaves the deletion alone; a changed configuration (as
        // when an operator configures a new secret) brings the configured admin client back, in a new life
        this.bootstrap.run(null);
        assertThat(enabledAdmins()).containsExactly("second-admin");
        this.jdbc.update("UPDATE bootstrap_clients_applied SET secret_hash = 'an earlier secret' "
                + "WHERE client_id = 'test-admin'");
        this.bootstrap.run(null);
        assertThat(enabledAdmins()).containsExactlyInAnyOrder("second-admin", "test-admin");
        assertThat(AdminApi.asAdmin(this.oauth).get("/admin/v1/keys").status()).isEqualTo(200);
    }

    @Test
    @Order(5)
    void platformAdminWhenTwoAdminsDisableEachOtherAtOnceThenOneEnabledAdminRemains() {
        Map<String, Object> first = this.admin.post("/admin/v1/clients", """
                {"clientId": "rival-one", "name": "Rival one", "scopes": ["platform.admin"],
                 "defaultScopes": ["platform.admin"]}""").json();
        Map<String, Object> second = this.admin.post("/admin/v1/clients", """
                {"clientId": "rival-two", "name": "Rival two", "scopes": ["platform.admin"],
                 "defaultScopes": ["platform.admin"]}""").json();
        AdminApi one = AdminApi.withToken(this.oauth,
                this.oauth.accessToken("rival-one", (String) first.get("clientSecret")));
        AdminApi two = AdminApi.withToken(this.oauth,
                this.oauth.accessToken("rival-two", (String) second.get("clientSecret")));
        this.admin.delete("/admin/v1/clients/second-admin", null); // left by an earlier test, if it ran
        assertThat(this.admin.patch("/admin/v1/clients/test-admin", "{\"scopes\": [\"tokens.revoke\"]}", null)
            .status()).isEqualTo(200);
        assertThat(enabledAdmins()).containsExactlyInAnyOrder("rival-one", "rival-two");

        CompletableFuture<Response> oneDisablesTwo = CompletableFuture
            .supplyAsync(() -> one.patch("/admin/v1/clients/rival-two", "{\"enabled\": false}", null));
        CompletableFuture<Response> twoDisablesOne = CompletableFuture
            .supplyAsync(() -> two.patch("/admin/v1/clients/rival-one", "{\"enabled\": false}", null));

        List<Integer> statuses = List.of(oneDisablesTwo.join().status(), twoDisablesOne.join().status());
        assertThat(statuses).containsOnlyOnce(200);
        assertThat(enabledAdmins()).hasSize(1);
    }

    @Test
    @Order(3)
    void bootstrapWhenConfigurationUnchangedThenWhatAnAdminChangedStandsAndWhenChangedThenAppliedAndAudited() {
        String configured = "test-admin-secret-that-is-long-enough-000";
        this.admin.delete("/admin/v1/clients/test-admin/scopes/tokens.revoke", null);
        this.admin.delete("/admin/v1/clients/test-edge/scopes/security.feed", null);
        Response rotated = this.admin.post("/admin/v1/clients/test-admin/secret?gracePeriod=PT0S");
        assertThat(rotated.status()).as(rotated.body()).isEqualTo(200);
        String rotatedSecret = (String) rotated.json().get("clientSecret");
        long events = count("security_events");
        long audits = count("audit_events");

        // a restart with the configuration it applied before: the admin's rotation and demotions stand
        this.bootstrap.run(null);

        assertThat(heldScopes("test-admin")).containsExactly("platform.admin", "tokens.introspect");
        assertThat(heldScopes("test-edge")).isEmpty();
        assertThat(this.oauth.token("test-admin", configured).status()).isEqualTo(401);
        assertThat(this.oauth.token("test-admin", rotatedSecret).status()).isEqualTo(200);
        assertThat(count("security_events")).isEqualTo(events);
        assertThat(count("audit_events")).isEqualTo(audits);

        // the configuration changed since (here: what was applied differs from it): applied, audited as the system's;
        // a new secret alone (the admin client's) gives back the configured scopes too, as a recovery must
        this.jdbc.update("UPDATE bootstrap_clients_applied SET secret_hash = 'an earlier secret' "
                + "WHERE client_id = 'test-admin'");
        this.jdbc.update("UPDATE bootstrap_clients_applied SET scopes = 'x' WHERE client_id = 'test-edge'");
        this.bootstrap.run(null);

        assertThat(heldScopes("test-admin")).containsExactly("platform.admin", "tokens.introspect", "tokens.revoke");
        assertThat(heldScopes("test-edge")).containsExactly("security.feed");
        assertThat(this.jdbc.queryForList("SELECT type || ':' || client_id || ':' || scope_name FROM security_events "
                + "WHERE id > ? AND scope_name IS NOT NULL ORDER BY id", String.class, events))
            .containsExactlyInAnyOrder("SCOPE_GRANTED:test-admin:tokens.revoke",
                    "SCOPE_GRANTED:test-edge:security.feed");
        assertThat(this.oauth.token("test-admin", configured).status()).isEqualTo(200);
        assertThat(this.oauth.token("test-admin", rotatedSecret).status()).isEqualTo(401);
        Map<String, Object> token = this.oauth.token("test-edge", "test-edge-secret-that-is-long-enough-00000").json();
        assertThat(token).containsEntry("scope", "security.feed");
        assertThat(this.jdbc.queryForList("SELECT actor || ':' || type || ':' || target_id FROM audit_events "
                + "WHERE id > (SELECT max(id) - 2 FROM audit_events) ORDER BY id", String.class))
            .containsExactlyInAnyOrder("system:CLIENT_UPDATED:test-admin", "system:CLIENT_SCOPE_GRANTED:test-edge");
        long applied = count("security_events");
        this.bootstrap.run(null);
        assertThat(count("security_events")).isEqualTo(applied);
    }

    @Test
    @Order(4)
    void bootstrapWhenConfiguredClientDeletedThroughTheApiThenNotCreatedAgainUntilItsConfigurationChanges() {
        assertThat(this.admin.delete("/admin/v1/clients/test-edge", null).status()).isEqualTo(204);

        this.bootstrap.run(null);
        assertThat(this.jdbc.queryForObject("SELECT count(*) FROM clients WHERE client_id = 'test-edge'", Long.class))
            .isZero();

        this.jdbc.update("DELETE FROM bootstrap_clients_applied WHERE client_id = 'test-edge'");
        this.bootstrap.run(null);
        assertThat(heldScopes("test-edge")).containsExactly("security.feed");
        assertThat(this.jdbc.queryForObject("SELECT actor || ':' || type FROM audit_events WHERE target_id = "
                + "'test-edge' ORDER BY id DESC LIMIT 1", String.class)).isEqualTo("system:CLIENT_CREATED");
    }

    private List<String> heldScopes(String clientId) {
        return this.jdbc.queryForList("SELECT scope_name FROM client_scopes WHERE client_id = ? ORDER BY scope_name",
                String.class, clientId);
    }

    private List<String> enabledAdmins() {
        return this.jdbc.queryForList("SELECT c.client_id FROM clients c JOIN client_scopes s "
                + "ON s.client_id = c.client_id WHERE s.scope_name = 'platform.admin' AND c.enabled", String.class);
    }

    private long count(String table) {
        Long count = this.jdbc.queryForObject("SELECT count(*) FROM " + table, Long.class);
        return (count != null) ? count : 0;
    }

    @Test
    @Order(0)
    void bootstrapWhenTheIssuerChangedOnAKeptDatabaseThenItsResourceAndScopesFollowTheIssuer() {
        // the database as an auth-server with another issuer left it: its own resource under the old URI
        String issuer = "https://auth.portcullis.test";
        String old = "https://old-issuer.portcullis.test";
        this.jdbc.update("UPDATE resources SET uri = ? WHERE uri = ?", old, issuer);
        assertThat(this.jdbc.queryForObject("SELECT count(*) FROM scopes WHERE resource_uri = ?", Long.class, old))
            .isEqualTo(4);

        this.bootstrap.run(null);

        assertThat(this.jdbc.queryForList("SELECT uri FROM resources WHERE name = 'auth-server'", String.class))
            .containsExactly(issuer);
        assertThat(this.jdbc.queryForObject("SELECT count(*) FROM scopes WHERE resource_uri = ?", Long.class, old))
            .isZero();
        assertThat(this.admin.get("/admin/v1/scopes/platform.admin").json()).containsEntry("audience", issuer);
        assertThat(AdminApi.asAdmin(this.oauth).get("/admin/v1/keys").status()).isEqualTo(200);
    }

    private static void assertProblem(Response response, int status, String detail) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        assertThat(response.json()).containsEntry("status", status).containsEntry("detail", detail);
    }

}
