package io.portcullis.auth.admin;

import java.util.List;
import java.util.Map;

import io.portcullis.auth.OAuthClient.Response;
import org.junit.jupiter.api.Test;


import static org.assertj.core.api.Assertions.assertThat;

class ResourceAndScopeAdminIntegrationTests extends AdminIntegrationTestSupport {

    @Test
    void resourceWhenCreatedThenReadableUpdatableAndDeletable() {
        Response created = this.admin.post("/admin/v1/resources",
                "{\"name\": \"orders\", \"uri\": \"https://orders.example.com\", \"description\": \"Orders\"}");

        assertThat(created.status()).isEqualTo(201);
        assertThat(created.header("Location")).isEqualTo("/admin/v1/resources/orders");
        assertThat(created.json()).containsEntry("name", "orders")
            .containsEntry("uri", "https://orders.example.com")
            .containsEntry("description", "Orders");
        Response read = this.admin.get("/admin/v1/resources/orders");
        assertThat(read.header("ETag")).isEqualTo(etag(created.json()));
        assertThat(this.admin.get("/admin/v1/resources").body()).contains("\"orders\"").contains("\"user-service\"");

        Response updated = this.admin.patch("/admin/v1/resources/orders", "{\"description\": \"All orders\"}",
                read.header("ETag"));

        assertThat(updated.json()).containsEntry("description", "All orders");
        assertThat(updated.header("ETag")).isNotEqualTo(read.header("ETag"));
        assertThat(this.admin.delete("/admin/v1/resources/orders", read.header("ETag")).status()).isEqualTo(412);
        assertThat(this.admin.delete("/admin/v1/resources/orders", updated.header("ETag")).status()).isEqualTo(204);
        assertProblem(this.admin.get("/admin/v1/resources/orders"), 404, "No resource named orders");
        assertThat(auditTypes("RESOURCE", "orders")).containsExactly("RESOURCE_CREATED", "RESOURCE_UPDATED",
                "RESOURCE_DELETED");
    }

    @Test
    void resourceWhenInvalidOrTakenOrImmutableFieldThenRefused() {
        this.admin.post("/admin/v1/resources", "{\"name\": \"billing\", \"uri\": \"https://billing.example.com\"}");
        long audits = auditCount();

        assertThat(errors(this.admin.post("/admin/v1/resources", "{\"name\": \"Bad Name\", \"uri\": \"x\"}")))
            .extracting((error) -> error.get("field"))
            .containsExactly("name");
        assertThat(errors(this.admin.post("/admin/v1/resources",
                "{\"name\": \"fragment\", \"uri\": \"https://a.example.com/#f\"}")))
            .containsExactly(Map.of("field", "uri",
                    "message", "must be an absolute https or http URI without fragment or user info"));
        assertProblem(this.admin.post("/admin/v1/resources",
                "{\"name\": \"billing\", \"uri\": \"https://other.example.com\"}"), 409,
                "A resource named billing exists");
        assertProblem(this.admin.post("/admin/v1/resources",
                "{\"name\": \"billing2\", \"uri\": \"https://billing.example.com\"}"), 409,
                "A resource with URI https://billing.example.com exists");
        assertThat(errors(this.admin.patch("/admin/v1/resources/billing", "{\"uri\": \"https://x.example.com\"}",
                null)))
            .extracting((error) -> error.get("field"))
            .containsExactly("uri");
        assertThat(auditCount()).isEqualTo(audits);
    }

    @Test
    void resourceWhenScopesBelongToItOrItIsTheIssuerThenNotDeleted() {
        assertProblem(this.admin.delete("/admin/v1/resources/user-service", null), 409,
                "Scopes still belong to resource user-service: users.read, users.write; delete them first");
        assertProblem(this.admin.delete("/admin/v1/resources/auth-server", null), 409,
                "The auth-server's own resource cannot be deleted");
    }

    @Test
    void scopeWhenCreatedThenTokensCarryItsResourceAsAudience() {
        this.admin.post("/admin/v1/resources", "{\"name\": \"reports\", \"uri\": \"https://reports.example.com\"}");

        Response created = this.admin.post("/admin/v1/scopes",
                "{\"name\": \"reports.read\", \"resource\": \"reports\", \"description\": \"Read reports\"}");

        assertThat(created.status()).isEqualTo(201);
        assertThat(created.header("Location")).isEqualTo("/admin/v1/scopes/reports.read");
        assertThat(created.json()).containsEntry("resource", "reports")
            .containsEntry("audience", "https://reports.example.com")
            .containsEntry("description", "Read reports");
        Map<String, Object> client = createClient(
                "{\"name\": \"Reader\", \"scopes\": [\"reports.read\"], \"defaultScopes\": [\"reports.read\"]}");
        String token = this.oauth.accessToken((String) client.get("clientId"), (String) client.get("clientSecret"));
        Map<String, Object> claims = this.oauth
            .post("/oauth2/introspect", AdminApi.ADMIN, AdminApi.ADMIN_SECRET, "token", token)
            .json();
        assertThat(claims.get("aud")).isEqualTo(List.of("https://reports.example.com"));
        assertThat(this.admin.get("/admin/v1/scopes?resource=reports").body()).contains("reports.read")
            .doesNotContain("users.read");
        assertThat(this.admin.get("/admin/v1/scopes?resource=https://reports.example.com").body())
            .isEqualTo(this.admin.get("/admin/v1/scopes?resource=reports").body());
    }

    @Test
    void scopeWhenInvalidOrTakenThenRefusedAndNothingWritten() {
        long scopes = count("scopes");

        assertThat(errors(this.admin.post("/admin/v1/scopes", "{\"name\": \"Users Read\", \"resource\": \"x\"}")))
            .extracting((error) -> error.get("field"))
            .containsExactly("name");
        assertThat(errors(this.admin.post("/admin/v1/scopes", "{\"name\": \"a.b\", \"resource\": \"nowhere\"}")))
            .containsExactly(Map.of("field", "resource", "message", "no resource named nowhere"));
        assertProblem(this.admin.post("/admin/v1/scopes", "{\"name\": \"users.read\", \"resource\": \"user-service\"}"),
                409, "Scope users.read exists");
        assertThat(count("scopes")).isEqualTo(scopes);
        assertProblem(this.admin.get("/admin/v1/scopes/nothing"), 404, "No scope named nothing");
    }

    @Test
    void scopeWhenPatchedThenDescriptionAndResourceChange() {
        this.admin.post("/admin/v1/resources", "{\"name\": \"mail\", \"uri\": \"https://mail.example.com\"}");
        this.admin.post("/admin/v1/resources", "{\"name\": \"mail2\", \"uri\": \"https://mail2.example.com\"}");
        Response created = this.admin.post("/admin/v1/scopes", "{\"name\": \"mail.send\", \"resource\": \"mail\"}");

        Response patched = this.admin.patch("/admin/v1/scopes/mail.send",
                "{\"description\": \"Send mail\", \"resource\": \"mail2\"}", created.header("ETag"));

        assertThat(patched.json()).containsEntry("description", "Send mail").containsEntry("resource", "mail2");
        assertThat(this.admin.patch("/admin/v1/scopes/mail.send", "{\"description\": \"x\"}", created.header("ETag"))
            .status()).isEqualTo(412);
        assertThat(errors(this.admin.patch("/admin/v1/scopes/mail.send", "{\"name\": \"mail.post\"}", null)))
            .extracting((error) -> error.get("field"))
            .containsExactly("name");
    }

    @Test
    void scopeDeleteWhenGrantedThenConflictUnlessRevokedFromClientsToo() {
        this.admin.post("/admin/v1/scopes", "{\"name\": \"users.export\", \"resource\": \"user-service\"}");
        Map<String, Object> client = createClient(
                "{\"name\": \"Exporter\", \"scopes\": [\"users.read\", \"users.export\"]}");
        String clientId = (String) client.get("clientId");

        assertProblem(this.admin.delete("/admin/v1/scopes/users.export", null), 409, "Scope users.export is granted "
                + "to 1 client(s) (" + clientId + "); take it from them first or delete with revokeFromClients=true");
        assertThat(this.admin.delete("/admin/v1/scopes/users.export?revokeFromClients=true", null).status())
            .isEqualTo(204);

        assertThat(this.admin.get("/admin/v1/clients/" + clientId).json()).containsEntry("scopes",
                List.of("users.read"));
        assertThat(this.admin.get("/admin/v1/scopes/users.export").status()).isEqualTo(404);
        assertThat(this.jdbc.queryForList("SELECT type FROM security_events WHERE client_id = ? AND scope_name = ? "
                + "ORDER BY id", String.class, clientId, "users.export"))
            .containsExactly("SCOPE_GRANTED", "SCOPE_REMOVED");
        assertThat(auditTypes("CLIENT", clientId)).containsExactly("CLIENT_CREATED", "CLIENT_SCOPE_REVOKED");
        assertProblem(this.admin.delete("/admin/v1/scopes/platform.admin?revokeFromClients=true", null), 409,
                "Scope platform.admin is built into the platform and cannot be deleted");
    }

    private List<String> auditTypes(String targetType, String targetId) {
        return this.jdbc.queryForList("SELECT type FROM audit_events WHERE target_type = ? AND target_id = ? "
                + "ORDER BY id", String.class, targetType, targetId);
    }

}
