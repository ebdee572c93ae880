package io.portcullis.auth.admin;

import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.portcullis.auth.OAuthClient.Response;
import io.portcullis.auth.client.TestClients;
import io.portcullis.auth.key.SigningKeyRing;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import static org.assertj.core.api.Assertions.assertThat;

class AdminAccessIntegrationTests extends AdminIntegrationTestSupport {

    static final String ISSUER = "https://auth.portcullis.test";

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    @Autowired
    SigningKeyRing keys;

    @Test
    void everyEndpointWhenNoTokenThenUnauthorizedProblem() {
        Set<String> endpoints = adminEndpoints();
        assertThat(endpoints).hasSizeGreaterThan(20);
        AdminApi anonymous = AdminApi.withToken(this.oauth, null);

        for (String endpoint : endpoints) {
            String[] parts = endpoint.split(" ");
            Response response = anonymous.send(parts[0], parts[1].replaceAll("\\{[^}]+}", "x"));

            assertProblem(response, 401, "A valid access token is required");
            assertThat(response.header("WWW-Authenticate")).as(endpoint).isEqualTo("Bearer");
        }
    }

    @Test
    void everyEndpointWhenTokenLacksPlatformAdminThenForbidden() {
        TestClients.Created feed = save(TestClients.confidential().defaultScopes("security.feed"));
        AdminApi follower = AdminApi.withToken(this.oauth, this.oauth.accessToken(feed.clientId(), feed.secret()));

        for (String endpoint : adminEndpoints()) {
            String[] parts = endpoint.split(" ");
            Response response = follower.send(parts[0], parts[1].replaceAll("\\{[^}]+}", "x"));

            assertProblem(response, 403, "The access token lacks scope platform.admin");
            assertThat(response.header("WWW-Authenticate")).as(endpoint)
                .isEqualTo("Bearer error=\"insufficient_scope\", scope=\"platform.admin\"");
        }
    }

    @Test
    void adminWhenTokenForAnotherAudienceOrExpiredOrForgedThenUnauthorized() throws Exception {
        TestClients.Created reader = save(TestClients.confidential().defaultScopes("users.read"));
        String otherAudience = this.oauth.accessToken(reader.clientId(), reader.secret());

        assertThat(AdminApi.withToken(this.oauth, otherAudience).get("/admin/v1/clients").status()).isEqualTo(401);
        Response expired = AdminApi.withToken(this.oauth, sign(this.keys.signingKey(),
                Instant.now().minusSeconds(600), Instant.now().minusSeconds(120))).get("/admin/v1/clients");
        assertProblem(expired, 401, "A valid access token is required");
        assertThat(expired.header("WWW-Authenticate")).isEqualTo("Bearer error=\"invalid_token\"");
        JWK stranger = new com.nimbusds.jose.jwk.gen.RSAKeyGenerator(2048)
            .keyID(this.keys.signingKey().getKeyID())
            .generate();
        assertThat(AdminApi.withToken(this.oauth, sign(stranger, Instant.now(), Instant.now().plusSeconds(60)))
            .get("/admin/v1/clients")
            .status()).isEqualTo(401);
        assertThat(AdminApi.withToken(this.oauth, sign(this.keys.signingKey(), Instant.now(),
                Instant.now().plusSeconds(60))).get("/admin/v1/clients").status()).isEqualTo(200);
    }

    @Test
    void adminWhenTokenAlsoForAnotherResourceThenUnauthorizedSoThatResourceCannotReplayIt() {
        Map<String, Object> mixed = createClient("""
                {"name": "Admin and reader", "scopes": ["platform.admin", "users.read"],
                 "defaultScopes": ["platform.admin", "users.read"]}""");
        String clientId = (String) mixed.get("clientId");
        String secret = (String) mixed.get("clientSecret");
        // aud = [issuer, users]: the user-service accepts it, so it must not open the admin API to whoever holds it
        String both = this.oauth.accessToken(clientId, secret);
        String adminOnly = this.oauth.accessToken(clientId, secret, "scope", "platform.admin");

        Response refused = AdminApi.withToken(this.oauth, both).get("/admin/v1/keys");
        assertProblem(refused, 401, "A valid access token is required");
        assertThat(refused.header("WWW-Authenticate")).isEqualTo("Bearer error=\"invalid_token\"");
        assertThat(AdminApi.withToken(this.oauth, adminOnly).get("/admin/v1/keys").status()).isEqualTo(200);
    }

    @Test
    void adminWhenTokenRevokedOrItsClientDisabledThenUnauthorizedAtOnce() {
        Map<String, Object> second = createClient("""
                {"name": "Second admin", "scopes": ["platform.admin"], "defaultScopes": ["platform.admin"]}""");
        String clientId = (String) second.get("clientId");
        String secret = (String) second.get("clientSecret");
        String revoked = this.oauth.accessToken(clientId, secret);
        String disabled = this.oauth.accessToken(clientId, secret);
        assertThat(AdminApi.withToken(this.oauth, revoked).get("/admin/v1/keys").status()).isEqualTo(200);

        this.oauth.post("/oauth2/revoke", clientId, secret, "token", revoked);
        assertThat(AdminApi.withToken(this.oauth, revoked).get("/admin/v1/keys").status()).isEqualTo(401);
        assertThat(AdminApi.withToken(this.oauth, disabled).get("/admin/v1/keys").status()).isEqualTo(200);

        this.admin.patch("/admin/v1/clients/" + clientId, "{\"enabled\": false}", null);
        assertThat(AdminApi.withToken(this.oauth, disabled).get("/admin/v1/keys").status()).isEqualTo(401);
    }

    @Test
    @SuppressWarnings("unchecked")
    void openApiWhenFetchedThenDescribesExactlyTheAdminEndpoints() {
        Response response = this.admin.get("/admin/v1/openapi");

        assertThat(response.status()).isEqualTo(200);
        Map<String, Object> document = response.json();
        assertThat(document.get("openapi").toString()).startsWith("3.");
        Set<String> described = new TreeSet<>();
        ((Map<String, Map<String, Object>>) document.get("paths")).forEach((path, operations) -> operations.keySet()
            .forEach((method) -> described.add(method.toUpperCase(java.util.Locale.ROOT) + " " + path)));
        Set<String> served = new TreeSet<>(adminEndpoints());
        served.removeIf((endpoint) -> endpoint.startsWith("GET /admin/v1/openapi")); // the description itself
        assertThat(described).isEqualTo(served);
        assertThat((List<Map<String, Object>>) document.get("security"))
            .containsExactly(Map.of("platformAdmin", List.of()));
        Map<String, Object> schemas = (Map<String, Object>) ((Map<String, Object>) document.get("components"))
            .get("schemas");
        assertThat(schemas.get("ClientView").toString()).contains("clientId").doesNotContain("secretHash");
        assertThat(AdminApi.withToken(this.oauth, null).get("/admin/v1/openapi").status()).isEqualTo(401);
    }

    @Test
    @SuppressWarnings("unchecked")
    void auditEventsWhenFilteredThenMatchingEventsNewestFirst() {
        Instant start = Instant.now();
        Map<String, Object> client = createClient("{\"name\": \"Audited\"}");
        String clientId = (String) client.get("clientId");
        this.admin.patch("/admin/v1/clients/" + clientId, "{\"name\": \"Audited again\"}", null);

        Map<String, Object> page = this.admin.get("/admin/v1/audit-events?clientId=" + clientId).json();
        List<Map<String, Object>> items = (List<Map<String, Object>>) page.get("items");

        assertThat(page).containsEntry("totalItems", 2);
        assertThat(items).extracting((item) -> item.get("type")).containsExactly("CLIENT_UPDATED", "CLIENT_CREATED");
        Map<String, Object> updated = items.get(0);
        assertThat(updated).containsEntry("actor", "test-admin")
            .containsEntry("targetType", "CLIENT")
            .containsEntry("targetId", clientId)
            .containsEntry("clientId", clientId);
        assertThat(((Map<String, Object>) updated.get("before")).get("name")).isEqualTo("Audited");
        assertThat(((Map<String, Object>) updated.get("after")).get("name")).isEqualTo("Audited again");
        assertThat(items.get(1).get("before")).isNull();
        assertThat(items.toString()).doesNotContain((String) client.get("clientSecret"));
        assertThat(this.admin.get("/admin/v1/audit-events?type=CLIENT_CREATED&clientId=" + clientId).json())
            .containsEntry("totalItems", 1);
        assertThat(this.admin.get("/admin/v1/audit-events?clientId=" + clientId + "&from=" + start).json())
            .containsEntry("totalItems", 2);
        assertThat(this.admin.get("/admin/v1/audit-events?clientId=" + clientId + "&to=" + start).json())
            .containsEntry("totalItems", 0);
        assertThat(this.admin.get("/admin/v1/audit-events?clientId=test-admin").json().get("totalItems"))
            .isNotEqualTo(0);
        assertThat(this.admin.get("/admin/v1/audit-events?from=yesterday").status()).isEqualTo(400);
        assertThat(this.admin.get("/admin/v1/audit-events?size=0").status()).isEqualTo(400);
    }

    @Test
    @SuppressWarnings("unchecked")
    void auditWhenEveryKindOfChangeThenOneRowEachByTheAdminAndNoneForRefusals() {
        String since = Instant.now().toString();
        this.admin.post("/admin/v1/resources", "{\"name\": \"audited\", \"uri\": \"https://audited.example.com\"}");
        this.admin.patch("/admin/v1/resources/audited", "{\"description\": \"d\"}", null);
        this.admin.post("/admin/v1/scopes", "{\"name\": \"audited.read\", \"resource\": \"audited\"}");
        this.admin.patch("/admin/v1/scopes/audited.read", "{\"description\": \"d\"}", null);
        String clientId = (String) createClient("{\"name\": \"Audit all\"}")
            .get("clientId");
        String path = "/admin/v1/clients/" + clientId;
        this.admin.patch(path, "{\"name\": \"Audit all 2\"}", null);
        this.admin.patch(path, "{\"enabled\": false}", null);
        this.admin.patch(path, "{\"enabled\": true}", null);
        this.admin.put(path + "/scopes/audited.read", null, null);
        this.admin.delete(path + "/scopes/audited.read", null);
        this.admin.post(path + "/secret");
        this.admin.post(path + "/tokens/revoke");
        this.admin.post("/admin/v1/tokens/revoke", "{\"jti\": \"j-audit\", \"clientId\": \"" + clientId + "\"}");
        this.admin.post("/admin/v1/keys/rotate");
        this.admin.delete(path, null);
        this.admin.delete("/admin/v1/scopes/audited.read", null);
        this.admin.delete("/admin/v1/resources/audited", null);
        // refusals: each changes nothing and is not audited
        this.admin.post("/admin/v1/resources", "{\"name\": \"user-service\", \"uri\": \"https://x.example.com\"}");
        this.admin.post("/admin/v1/clients", "{\"name\": \"\"}");
        this.admin.delete("/admin/v1/scopes/platform.admin", null);
        this.admin.delete("/admin/v1/resources/user-service", null);
        this.admin.patch("/admin/v1/clients/test-admin", "{\"enabled\": false}", null);

        List<Map<String, Object>> items = (List<Map<String, Object>>) this.admin
            .get("/admin/v1/audit-events?size=100&from=" + since)
            .json()
            .get("items");

        assertThat(items).extracting((item) -> item.get("type")).containsExactly("RESOURCE_DELETED",
                "SCOPE_DELETED", "CLIENT_DELETED", "KEY_ROTATED", "TOKEN_REVOKED", "CLIENT_TOKENS_REVOKED",
                "CLIENT_SECRET_ROTATED", "CLIENT_SCOPE_REVOKED", "CLIENT_SCOPE_GRANTED", "CLIENT_ENABLED",
                "CLIENT_DISABLED", "CLIENT_UPDATED", "CLIENT_CREATED", "SCOPE_UPDATED", "SCOPE_CREATED",
                "RESOURCE_UPDATED", "RESOURCE_CREATED");
        assertThat(items).allSatisfy((item) -> assertThat(item).containsEntry("actor", "test-admin"));
        assertThat(items.toString()).doesNotContain("secretHash").doesNotContain("clientSecret");
    }

    private Set<String> adminEndpoints() {
        Set<String> endpoints = new TreeSet<>();
        this.mappings.getHandlerMethods().keySet().forEach((info) -> info.getPatternValues().stream()
            .filter((path) -> path.startsWith("/admin/"))
            .forEach((path) -> info.getMethodsCondition().getMethods()
                .forEach((method) -> endpoints.add(method.name() + " " + path))));
        return endpoints;
    }

    private static String sign(JWK key, Instant issuedAt, Instant expiresAt) throws Exception {
        JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(ISSUER)
            .subject(AdminApi.ADMIN)
            .audience(ISSUER)
            .claim("client_id", AdminApi.ADMIN)
            .claim("scope", "platform.admin")
            .jwtID(UUID.randomUUID().toString())
            .issueTime(Date.from(issuedAt))
            .notBeforeTime(Date.from(issuedAt))
            .expirationTime(Date.from(expiresAt))
            .build();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).type(new JOSEObjectType("at+jwt"))
            .keyID(key.getKeyID())
            .build(), claims);
        jwt.sign(new RSASSASigner(key.toRSAKey()));
        return jwt.serialize();
    }

}
