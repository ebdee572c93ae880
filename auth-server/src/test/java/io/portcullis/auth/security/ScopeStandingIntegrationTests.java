package io.portcullis.auth.security;

import java.net.http.HttpRequest;
import java.util.Map;

import io.portcullis.auth.AuthServerIntegrationTestSupport;
import io.portcullis.auth.OAuthClient.Response;
import io.portcullis.auth.admin.AdminApi;
import io.portcullis.auth.client.TestClients;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Losing a scope takes effect on the auth-server's own surface at once: the admin API, the security feed,
 * introspection and revocation each check, on every call, the scopes the calling client holds now — not the ones
 * its token was issued with. Every change below goes through the admin API and every check follows it at once.
 */
class ScopeStandingIntegrationTests extends AuthServerIntegrationTestSupport {

    @Autowired
    JdbcTemplate jdbc;

    AdminApi admin;

    @BeforeEach
    void signIn() {
        this.admin = AdminApi.asAdmin(this.oauth);
    }

    @Test
    void adminApiWhenPlatformAdminTakenAwayThenOldTokenRefusedAtOnceAndCannotCreateAnAdmin() {
        Map<String, Object> second = this.admin.post("/admin/v1/clients", """
                {"name": "Second admin", "scopes": ["platform.admin", "users.read"],
                 "defaultScopes": ["platform.admin"]}""").json();
        String clientId = (String) second.get("clientId");
        AdminApi demoted = AdminApi.withToken(this.oauth,
                this.oauth.accessToken(clientId, (String) second.get("clientSecret")));
        assertThat(demoted.get("/admin/v1/keys").status()).isEqualTo(200);

        assertThat(this.admin.delete("/admin/v1/clients/" + clientId + "/scopes/platform.admin", null).status())
            .isEqualTo(200);

        Response refused = demoted.get("/admin/v1/keys");
        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
        assertThat(refused.header("WWW-Authenticate")).isEqualTo("Bearer error=\"invalid_token\"");
        long clients = count("clients");
        Response escalation = demoted.post("/admin/v1/clients",
                "{\"name\": \"Backdoor\", \"scopes\": [\"platform.admin\"]}");
        assertThat(escalation.status()).isEqualTo(401);
        assertThat(count("clients")).isEqualTo(clients);
        assertThat(this.jdbc.queryForObject("SELECT count(*) FROM audit_events WHERE actor = ?", Long.class,
                clientId)).isZero();
    }

    @Test
    void adminApiWhenAnyScopeOfTheTokenTakenAwayThenRefusedAsAtTheEdge() {
        Map<String, Object> second = this.admin.post("/admin/v1/clients", """
                {"name": "Broad admin", "scopes": ["platform.admin", "tokens.introspect"],
                 "defaultScopes": ["platform.admin", "tokens.introspect"]}""").json();
        String clientId = (String) second.get("clientId");
        AdminApi broad = AdminApi.withToken(this.oauth,
                this.oauth.accessToken(clientId, (String) second.get("clientSecret")));
        assertThat(broad.get("/admin/v1/keys").status()).isEqualTo(200);

        this.admin.delete("/admin/v1/clients/" + clientId + "/scopes/tokens.introspect", null);

        assertThat(broad.get("/admin/v1/keys").status()).isEqualTo(401);
        AdminApi fresh = AdminApi.withToken(this.oauth,
                this.oauth.accessToken(clientId, (String) second.get("clientSecret")));
        assertThat(fresh.get("/admin/v1/keys").status()).isEqualTo(200);
    }

    @Test
    void adminApiWhenClientDeletedOrItsTokensRevokedThenOldTokenRefusedAtOnce() {
        AdminApi deleted = secondAdmin("Deleted admin");
        AdminApi revokedBefore = secondAdmin("Revoked-before admin");
        assertThat(deleted.get("/admin/v1/keys").status()).isEqualTo(200);
        assertThat(revokedBefore.get("/admin/v1/keys").status()).isEqualTo(200);

        this.admin.delete("/admin/v1/clients/" + clientId(deleted), null);
        this.admin.post("/admin/v1/clients/" + clientId(revokedBefore) + "/tokens/revoke");

        assertThat(deleted.get("/admin/v1/keys").status()).isEqualTo(401);
        assertThat(revokedBefore.get("/admin/v1/keys").status()).isEqualTo(401);
    }

    @Test
    void feedWhenSecurityFeedTakenAwayThenOldTokenRefusedAtOnce() {
        TestClients.Created follower = save(TestClients.confidential().defaultScopes("security.feed"));
        String token = this.oauth.accessToken(follower.clientId(), follower.secret());
        assertThat(feedSnapshot(token).status()).isEqualTo(200);

        assertThat(this.admin.delete("/admin/v1/clients/" + follower.clientId() + "/scopes/security.feed", null)
            .status()).isEqualTo(200);

        Response refused = feedSnapshot(token);
        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.header("WWW-Authenticate")).isEqualTo("Bearer error=\"invalid_token\"");
    }

    @Test
    void introspectWhenCallerLosesIntrospectionScopeThenOtherClientsTokensInactiveAtOnce() {
        TestClients.Created resourceServer = save(TestClients.confidential().scopes("tokens.introspect"));
        TestClients.Created owner = save(TestClients.confidential().defaultScopes("users.read"));
        String token = this.oauth.accessToken(owner.clientId(), owner.secret());
        assertThat(introspect(resourceServer, token).json()).containsEntry("active", true);

        this.admin.delete("/admin/v1/clients/" + resourceServer.clientId() + "/scopes/tokens.introspect", null);

        assertThat(introspect(resourceServer, token).json()).containsExactly(Map.entry("active", false));
        assertThat(introspect(owner, token).json()).containsEntry("active", true);
    }

    @Test
    void introspectWhenScopeTheTokenCarriesTakenAwayThenInactiveAtOnceAndActiveAgainWhenGrantedAgain() {
        TestClients.Created owner = save(TestClients.confidential().defaultScopes("users.read", "users.write"));
        String token = this.oauth.accessToken(owner.clientId(), owner.secret());
        assertThat(introspect(owner, token).json()).containsEntry("active", true);

        this.admin.delete("/admin/v1/clients/" + owner.clientId() + "/scopes/users.write", null);

        assertThat(introspect(owner, token).json()).containsExactly(Map.entry("active", false));
        assertThat(this.oauth.post("/oauth2/introspect", AdminApi.ADMIN, AdminApi.ADMIN_SECRET, "token", token)
            .json()).containsExactly(Map.entry("active", false));
        this.admin.put("/admin/v1/clients/" + owner.clientId() + "/scopes/users.write", null, null);
        assertThat(introspect(owner, token).json()).containsEntry("active", true);
    }

    @Test
    void revokeWhenTokenCarriesAScopeTakenAwayThenStillRecordedSoThatGrantingAgainDoesNotRevive() {
        TestClients.Created owner = save(TestClients.confidential().defaultScopes("users.read", "users.write"));
        String token = this.oauth.accessToken(owner.clientId(), owner.secret());
        this.admin.delete("/admin/v1/clients/" + owner.clientId() + "/scopes/users.write", null);

        Response revoked = this.oauth.post("/oauth2/revoke", owner.clientId(), owner.secret(), "token", token);

        assertThat(revoked.status()).isEqualTo(200);
        assertThat(this.jdbc.queryForObject("SELECT count(*) FROM revoked_tokens WHERE client_id = ?", Long.class,
                owner.clientId())).isEqualTo(1);
        this.admin.put("/admin/v1/clients/" + owner.clientId() + "/scopes/users.write", null, null);
        assertThat(introspect(owner, token).json()).containsExactly(Map.entry("active", false));
    }

    @Test
    void revokeWhenCallerLosesRevocationScopeThenOtherClientsTokensNoLongerRevocable() {
        TestClients.Created revoker = save(TestClients.confidential().scopes("tokens.revoke"));
        TestClients.Created owner = save(TestClients.confidential().defaultScopes("users.read"));
        String token = this.oauth.accessToken(owner.clientId(), owner.secret());

        this.admin.delete("/admin/v1/clients/" + revoker.clientId() + "/scopes/tokens.revoke", null);
        this.oauth.post("/oauth2/revoke", revoker.clientId(), revoker.secret(), "token", token);

        assertThat(this.jdbc.queryForObject("SELECT count(*) FROM revoked_tokens WHERE client_id = ?", Long.class,
                owner.clientId())).isZero();
        assertThat(introspect(owner, token).json()).containsEntry("active", true);
    }

    private AdminApi secondAdmin(String name) {
        Map<String, Object> created = this.admin.post("/admin/v1/clients", "{\"name\": \"" + name
                + "\", \"scopes\": [\"platform.admin\"], \"defaultScopes\": [\"platform.admin\"]}").json();
        return AdminApi.withToken(this.oauth,
                this.oauth.accessToken((String) created.get("clientId"), (String) created.get("clientSecret")));
    }

    private static String clientId(AdminApi api) {
        try {
            return com.nimbusds.jwt.SignedJWT.parse(api.token()).getJWTClaimsSet().getStringClaim("client_id");
        }
        catch (java.text.ParseException ex) {
            throw new IllegalArgumentException(ex);
        }
    }

    private Response introspect(TestClients.Created caller, String token) {
        return this.oauth.post("/oauth2/introspect", caller.clientId(), caller.secret(), "token", token);
    }

    private Response feedSnapshot(String token) {
        return this.oauth.send(HttpRequest.newBuilder(this.oauth.uri("/feed/v1/snapshot"))
            .header("Authorization", "Bearer " + token)
            .GET());
    }

    private long count(String table) {
        Long count = this.jdbc.queryForObject("SELECT count(*) FROM " + table, Long.class);
        return (count != null) ? count : 0;
    }

}
