package io.portcullis.auth.admin;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;

import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import io.portcullis.auth.OAuthClient.Response;
import org.junit.jupiter.api.Test;


import static org.assertj.core.api.Assertions.assertThat;

class ClientAdminIntegrationTests extends AdminIntegrationTestSupport {

    @Test
    void createWhenValidThenCreatedWithSecretShownOnceAndTokensIssued() {
        Response created = this.admin.post("/admin/v1/clients", """
                {"name": "Billing export", "scopes": ["users.read", "users.write"], "defaultScopes": ["users.read"],
                 "accessTokenTimeToLive": "PT10M"}""");

        assertThat(created.status()).isEqualTo(201);
        Map<String, Object> body = created.json();
        String clientId = (String) body.get("clientId");
        String secret = (String) body.get("clientSecret");
        assertThat(clientId).matches("billing-export-[0-9a-f]{8}");
        assertThat(secret).hasSize(43);
        assertThat(created.header("Location")).isEqualTo("/admin/v1/clients/" + clientId);
        assertThat(created.header("ETag")).isEqualTo("\"" + body.get("version") + "\"");
        assertThat(created.header("Cache-Control")).contains("no-store");
        assertThat(body).containsEntry("name", "Billing export")
            .containsEntry("enabled", true)
            .containsEntry("authenticationMethod", "client_secret_basic")
            .containsEntry("scopes", List.of("users.read", "users.write"))
            .containsEntry("defaultScopes", List.of("users.read"))
            .containsEntry("accessTokenTimeToLive", "PT10M");

        Map<String, Object> token = this.oauth.token(clientId, secret).json();
        assertThat(token).containsEntry("scope", "users.read").containsEntry("expires_in", 599);

        Response read = this.admin.get("/admin/v1/clients/" + clientId);
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.header("ETag")).isEqualTo(created.header("ETag"));
        assertThat(read.json()).doesNotContainKey("clientSecret").containsEntry("clientId", clientId);
        assertThat(read.body()).doesNotContain(secret).doesNotContain("secretHash");
    }

    @Test
    void createWhenChosenClientIdTakenThenConflictAndNothingWritten() {
        assertThat(this.admin.post("/admin/v1/clients", "{\"clientId\": \"reports\", \"name\": \"Reports\"}")
            .status()).isEqualTo(201);
        long audits = auditCount();

        Response again = this.admin.post("/admin/v1/clients", "{\"clientId\": \"reports\", \"name\": \"Other\"}");

        assertProblem(again, 409, "A client with client_id reports exists");
        assertThat(auditCount()).isEqualTo(audits);
        assertThat(this.admin.get("/admin/v1/clients/reports").json()).containsEntry("name", "Reports");
    }

    @Test
    void createWhenFieldsInvalidThenEveryFieldNamedAndNothingWritten() {
        long clients = count("clients");
        long audits = auditCount();

        Response response = this.admin.post("/admin/v1/clients", """
                {"name": "Bad", "scopes": ["users.read", "no.such.scope"], "defaultScopes": ["users.write"],
                 "accessTokenTimeToLive": "PT2H", "authenticationMethod": "client_secret_basic",
                 "jwksUri": "https://keys.example.com/jwks.json"}""");

        assertProblem(response, 400, "The request has invalid fields");
        assertThat(errors(response)).containsExactlyInAnyOrder(
                Map.of("field", "scopes[1]", "message", "unknown scope no.such.scope"),
                Map.of("field", "defaultScopes[0]", "message", "must be one of the client's scopes"),
                Map.of("field", "accessTokenTimeToLive",
                        "message", "must be an ISO-8601 duration of whole seconds between PT30S and PT1H"),
                Map.of("field", "jwksUri", "message", "only a private_key_jwt client has keys"));
        assertThat(count("clients")).isEqualTo(clients);
        assertThat(auditCount()).isEqualTo(audits);
    }

    @Test
    void createWhenBodyMalformedOrUnknownFieldOrMissingNameThenBadRequest() {
        assertProblem(this.admin.post("/admin/v1/clients", "{\"name\": "), 400,
                "The request body is not well-formed JSON");
        Response unknown = this.admin.post("/admin/v1/clients", "{\"name\": \"X\", \"scope\": \"users.read\"}");
        assertProblem(unknown, 400, "The request has invalid fields");
        assertThat(errors(unknown)).containsExactly(Map.of("field", "scope", "message", "unknown field"));
        Response wrongType = this.admin.post("/admin/v1/clients", "{\"name\": \"X\", \"scopes\": \"users.read\"}");
        assertThat(errors(wrongType)).containsExactly(Map.of("field", "scopes", "message",
                "has the wrong type or format"));
        Response noName = this.admin.post("/admin/v1/clients", "{\"scopes\": []}");
        assertThat(errors(noName)).extracting((error) -> error.get("field")).containsExactly("name");
        Response badId = this.admin.post("/admin/v1/clients", "{\"clientId\": \"-x\", \"name\": \"X\"}");
        assertThat(errors(badId)).extracting((error) -> error.get("field")).containsExactly("clientId");
    }

    @Test
    void createWhenPrivateKeyJwtThenPublicKeysOnlyAndNoSecret() throws Exception {
        RSAKey key = new RSAKeyGenerator(2048).keyID("k1").keyUse(KeyUse.SIGNATURE).generate();

        Response withPrivate = this.admin.post("/admin/v1/clients", "{\"name\": \"Signer\", "
                + "\"authenticationMethod\": \"private_key_jwt\", \"jwks\": {\"keys\": [" + key.toJSONString()
                + "]}}");
        assertProblem(withPrivate, 400, "The request has invalid fields");
        assertThat(errors(withPrivate)).containsExactly(Map.of("field", "jwks.keys[0]",
                "message", "is a private key: register only the public part"));
        Response neither = this.admin.post("/admin/v1/clients",
                "{\"name\": \"Signer\", \"authenticationMethod\": \"private_key_jwt\"}");
        assertThat(errors(neither)).containsExactly(Map.of("field", "jwks",
                "message", "a private_key_jwt client needs exactly one of jwks and jwksUri"));
        Response plainUri = this.admin.post("/admin/v1/clients", "{\"name\": \"Signer\", "
                + "\"authenticationMethod\": \"private_key_jwt\", \"jwksUri\": \"http://keys.example.com\"}");
        assertThat(errors(plainUri)).extracting((error) -> error.get("field")).containsExactly("jwksUri");

        Response created = this.admin.post("/admin/v1/clients", "{\"name\": \"Signer\", "
                + "\"authenticationMethod\": \"private_key_jwt\", \"jwks\": {\"keys\": ["
                + key.toPublicJWK().toJSONString() + "]}}");

        assertThat(created.status()).isEqualTo(201);
        assertThat(created.json()).doesNotContainKey("clientSecret")
            .containsEntry("assertionSigningAlgorithm", "RS256")
            .containsEntry("authenticationMethod", "private_key_jwt");
        assertThat(created.json().get("jwks").toString()).contains("k1");
        assertThat(this.admin.post("/admin/v1/clients/" + created.json().get("clientId") + "/secret").status())
            .isEqualTo(409);
    }

    @Test
    void listWhenFilteredAndPagedThenMatchingClientsInOrder() {
        for (String name : List.of("Paging alpha", "Paging beta", "Paging gamma")) {
            this.admin.post("/admin/v1/clients", "{\"name\": \"" + name + "\", \"scopes\": [\"users.write\"]}");
        }
        String gamma = clientIdNamed("Paging gamma");
        this.admin.patch("/admin/v1/clients/" + gamma, "{\"enabled\": false}", null);

        Map<String, Object> first = this.admin.get("/admin/v1/clients?name=PAGING&size=2").json();
        Map<String, Object> second = this.admin.get("/admin/v1/clients?name=paging&size=2&page=1").json();
        Map<String, Object> enabledWriters = this.admin
            .get("/admin/v1/clients?name=paging&scope=users.write&enabled=true").json();

        assertThat(first).containsEntry("totalItems", 3).containsEntry("page", 0).containsEntry("size", 2);
        assertThat(names(first)).containsExactly("Paging alpha", "Paging beta");
        assertThat(names(second)).containsExactly("Paging gamma");
        assertThat(names(enabledWriters)).containsExactly("Paging alpha", "Paging beta");
        assertThat(this.admin.get("/admin/v1/clients?name=%25").json()).containsEntry("totalItems", 0);
        Response badPage = this.admin.get("/admin/v1/clients?size=1000&page=-1");
        assertThat(errors(badPage)).extracting((error) -> error.get("field")).containsExactly("page", "size");
        assertThat(this.admin.get("/admin/v1/clients?page=x").status()).isEqualTo(400);
    }

    @Test
    void patchWhenIfMatchStaleThenPreconditionFailedAndUnchanged() {
        Map<String, Object> created = createClient("{\"name\": \"Etag\"}");
        String path = "/admin/v1/clients/" + created.get("clientId");
        String etag = etag(created);
        Response first = this.admin.patch(path, "{\"name\": \"Etag renamed\"}", etag);

        Response stale = this.admin.patch(path, "{\"name\": \"Etag stale\"}", etag);

        assertThat(first.status()).isEqualTo(200);
        assertThat(first.header("ETag")).isEqualTo(etag(first.json())).isNotEqualTo(etag);
        assertProblem(stale, 412, "If-Match does not match the current ETag: the resource was changed; read it again");
        assertThat(this.admin.get(path).json()).containsEntry("name", "Etag renamed");
        assertThat(this.admin.delete(path, etag).status()).isEqualTo(412);
        assertThat(this.admin.patch(path, "{\"name\": \"Weak\"}", "W/" + first.header("ETag")).status())
            .isEqualTo(412);
        assertThat(this.admin.patch(path, "{\"name\": \"Listed\"}", "\"99\", " + first.header("ETag")).status())
            .isEqualTo(200);
    }

    @Test
    void patchWhenTwoConcurrentWithTheSameETagThenOneWinsOneGetsPreconditionFailed() throws Exception {
        for (int round = 0; round < 5; round++) {
            Map<String, Object> created = createClient("{\"name\": \"Race " + round + "\"}");
            String path = "/admin/v1/clients/" + created.get("clientId");
            CountDownLatch start = new CountDownLatch(1);
            List<CompletableFuture<Response>> patches = List.of("A", "B").stream().map((name) -> CompletableFuture
                .supplyAsync(() -> {
                    await(start);
                    return this.admin.patch(path, "{\"name\": \"" + name + "\"}", etag(created));
                })).toList();
            start.countDown();

            List<Integer> statuses = patches.stream().map((patch) -> patch.join().status()).sorted().toList();

            assertThat(statuses).containsExactly(200, 412);
            assertThat(this.admin.get(path).json()).containsEntry("version", version(created) + 1);
        }
    }

    @Test
    void patchWhenInvalidThenNothingChangesAndNoAudit() {
        NewClient created = createReader("Patchy");
        String path = created.path();
        long audits = auditCount();

        Response response = this.admin.patch(path, """
                {"name": "Renamed", "scopes": ["nope"], "accessTokenTimeToLive": "PT1S",
                 "authenticationMethod": "private_key_jwt", "clientId": "other"}""", null);

        assertThat(errors(response)).extracting((error) -> error.get("field"))
            .containsExactlyInAnyOrder("clientId", "scopes[0]", "accessTokenTimeToLive", "authenticationMethod");
        assertThat(this.admin.get(path).json()).containsEntry("name", "Patchy")
            .containsEntry("version", version(created.view()));
        assertThat(auditCount()).isEqualTo(audits);
        assertProblem(this.admin.patch("/admin/v1/clients/nobody", "{\"name\": \"X\"}", null), 404,
                "No client nobody");
    }

    @Test
    void patchWhenDisabledThenTokensRefusedAndAuditedAsDisabled() {
        NewClient created = createReader("Switch");

        Response disabled = this.admin.patch(created.path(), "{\"enabled\": false}", null);
        assertThat(disabled.status()).as(disabled.body()).isEqualTo(200);

        assertThat(disabled.json()).containsEntry("enabled", false);
        assertThat(this.oauth.token(created.id(), created.secret()).status()).isEqualTo(401);
        assertThat(lastAudit(created.id())).containsEntry("type", "CLIENT_DISABLED")
            .containsEntry("actor", "test-admin");
        this.admin.patch(created.path(), "{\"enabled\": true}", null);
        assertThat(this.oauth.token(created.id(), created.secret()).status()).isEqualTo(200);
        assertThat(lastAudit(created.id())).containsEntry("type", "CLIENT_ENABLED");
    }

    @Test
    void disableOrDeleteWhenOwnClientThenConflict() {
        assertProblem(this.admin.patch("/admin/v1/clients/test-admin", "{\"enabled\": false}", null), 409,
                "An admin cannot disable the client it is authenticated as (test-admin)");
        assertProblem(this.admin.delete("/admin/v1/clients/test-admin", null), 409,
                "An admin cannot delete the client it is authenticated as (test-admin)");
    }

    @Test
    void grantAndTakeAwayScopeThenNextTokenRequestFollowsAtOnce() {
        NewClient created = createReader("Grants");

        Response granted = this.admin.put(created.path() + "/scopes/users.write",
                "{\"isDefault\": true}", created.etag());
        assertThat(granted.status()).isEqualTo(200);
        assertThat(granted.json()).containsEntry("scopes", List.of("users.read", "users.write"))
            .containsEntry("defaultScopes", List.of("users.read", "users.write"));
        assertThat(this.oauth.token(created.id(), created.secret(), "scope", "users.write").status()).isEqualTo(200);

        Response taken = this.admin.delete(created.path() + "/scopes/users.write", null);

        assertThat(taken.json()).containsEntry("scopes", List.of("users.read")).containsEntry("defaultScopes",
                List.of("users.read"));
        Response refused = this.oauth.token(created.id(), created.secret(), "scope", "users.write");
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json()).containsEntry("error", "invalid_scope");
        assertThat(lastAudit(created.id())).containsEntry("type", "CLIENT_SCOPE_REVOKED");
        assertThat(this.admin.delete(created.path() + "/scopes/users.write", null).status())
            .isEqualTo(404);
        assertThat(this.admin.put(created.path() + "/scopes/no.such", null, null).status())
            .isEqualTo(404);
        assertThat(events(created.id())).containsExactly("CLIENT_CREATED:null", "SCOPE_GRANTED:users.read",
                "SCOPE_GRANTED:users.write", "SCOPE_REMOVED:users.write");
    }

    @Test
    void rotateSecretWhenGracePeriodThenBothWorkUntilItEnds() {
        NewClient created = createReader("Rotating");
        String first = created.secret();

        Response rotated = this.admin.post(created.path() + "/secret");

        assertThat(rotated.status()).isEqualTo(200);
        assertThat(rotated.header("Cache-Control")).contains("no-store");
        String second = (String) rotated.json().get("clientSecret");
        assertThat(second).hasSize(43).isNotEqualTo(first);
        assertThat(rotated.json().get("previousSecretExpiresAt")).isNotNull();
        assertThat(this.oauth.token(created.id(), first).status()).isEqualTo(200);
        assertThat(this.oauth.token(created.id(), second).status()).isEqualTo(200);
        assertThat(lastAudit(created.id())).containsEntry("type", "CLIENT_SECRET_ROTATED");
        assertThat(lastAudit(created.id()).toString()).doesNotContain(first).doesNotContain(second);

        Response immediate = this.admin.post(created.path() + "/secret?gracePeriod=PT0S");

        String third = (String) immediate.json().get("clientSecret");
        assertThat(immediate.json().get("previousSecretExpiresAt")).isNull();
        assertThat(this.oauth.token(created.id(), second).status()).isEqualTo(401);
        assertThat(this.oauth.token(created.id(), first).status()).isEqualTo(401);
        assertThat(this.oauth.token(created.id(), third).status()).isEqualTo(200);
        assertThat(errors(this.admin.post(created.path() + "/secret?gracePeriod=P2D")))
            .extracting((error) -> error.get("field")).containsExactly("gracePeriod");
        assertThat(errors(this.admin.post(created.path() + "/secret?gracePeriod=soon")))
            .extracting((error) -> error.get("field")).containsExactly("gracePeriod");
    }

    @Test
    void revokeTokensWhenCalledThenEarlierTokensInactiveLaterOnesActive() throws Exception {
        NewClient created = createReader("Revoker");
        String before = this.oauth.accessToken(created.id(), created.secret());

        Response revoked = this.admin.post(created.path() + "/tokens/revoke");

        assertThat(revoked.json().get("revokedBefore")).isNotNull();
        assertThat(introspect(before)).containsEntry("active", false);
        Thread.sleep(1100); // iat has whole seconds: a token of the same second counts as issued before
        assertThat(introspect(this.oauth.accessToken(created.id(), created.secret()))).containsEntry("active", true);
        assertThat(events(created.id())).contains("CLIENT_TOKENS_REVOKED:null");
    }

    @Test
    void deleteWhenClientExistsThenGoneTokensRefusedAndFeedTold() {
        NewClient created = createReader("Doomed");
        String token = this.oauth.accessToken(created.id(), created.secret());

        assertThat(this.admin.delete(created.path(), created.etag()).status()).isEqualTo(204);

        assertThat(this.admin.get(created.path()).status()).isEqualTo(404);
        assertThat(this.oauth.token(created.id(), created.secret()).status()).isEqualTo(401);
        assertThat(introspect(token)).containsEntry("active", false);
        assertThat(events(created.id())).contains("CLIENT_DELETED:null");
        assertThat(lastAudit(created.id())).containsEntry("type", "CLIENT_DELETED").containsEntry("after", null);
        assertThat(this.admin.delete(created.path(), null).status()).isEqualTo(404);
    }

    /** A client holding users.read, granted by default. */
    private NewClient createReader(String name) {
        return NewClient.of(createClient("{\"name\": \"" + name
                + "\", \"scopes\": [\"users.read\"], \"defaultScopes\": [\"users.read\"]}"));
    }

    /** A client as the API answered its creation: its id, its secret (shown once) and the whole answer. */
    record NewClient(String id, String secret, Map<String, Object> view) {

        static NewClient of(Map<String, Object> answer) {
            return new NewClient((String) answer.get("clientId"), (String) answer.get("clientSecret"), answer);
        }

        String path() {
            return "/admin/v1/clients/" + this.id;
        }

        String etag() {
            return AdminIntegrationTestSupport.etag(this.view);
        }

    }

    private Map<String, Object> introspect(String token) {
        return this.oauth.post("/oauth2/introspect", AdminApi.ADMIN, AdminApi.ADMIN_SECRET, "token", token).json();
    }

    private String clientIdNamed(String name) {
        return this.jdbc.queryForObject("SELECT client_id FROM clients WHERE name = ?", String.class, name);
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> lastAudit(String clientId) {
        List<Map<String, Object>> items = (List<Map<String, Object>>) this.admin
            .get("/admin/v1/audit-events?size=1&clientId=" + clientId)
            .json()
            .get("items");
        return items.get(0);
    }

    private List<String> events(String clientId) {
        return this.jdbc.queryForList("SELECT type || ':' || coalesce(scope_name, 'null') FROM security_events "
                + "WHERE client_id = ? ORDER BY id", String.class, clientId);
    }

    @SuppressWarnings("unchecked")
    private static List<String> names(Map<String, Object> page) {
        return ((List<Map<String, Object>>) page.get("items")).stream().map((item) -> (String) item.get("name"))
            .toList();
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

}
