package io.portcullis.auth.admin;

import java.util.List;
import java.util.Map;

import io.portcullis.auth.OAuthClient.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One shape for the whole admin API: every list is a page with the same envelope and paging, an unknown filter
 * value is a 400 naming the values allowed, and a misspelt field is named together with every other invalid one.
 */
class AdminApiShapeIntegrationTests extends AdminIntegrationTestSupport {

    @ParameterizedTest
    @ValueSource(strings = { "/admin/v1/clients", "/admin/v1/resources", "/admin/v1/scopes", "/admin/v1/keys",
            "/admin/v1/audit-events" })
    void listWhenReadThenPageEnvelope(String path) {
        Map<String, Object> page = this.admin.get(path).json();

        assertThat(page).containsOnlyKeys("items", "page", "size", "totalItems")
            .containsEntry("page", 0)
            .containsEntry("size", 20);
        assertThat((List<?>) page.get("items")).hasSizeLessThanOrEqualTo(((Number) page.get("totalItems")).intValue());
    }

    @ParameterizedTest
    @ValueSource(strings = { "/admin/v1/clients", "/admin/v1/resources", "/admin/v1/scopes", "/admin/v1/keys",
            "/admin/v1/audit-events" })
    void listWhenPagedOutOfRangeThenSameProblemEverywhere(String path) {
        Response response = this.admin.get(path + "?page=-1&size=101");

        assertProblem(response, 400, "The request has invalid fields");
        assertThat(errors(response)).containsExactly(Map.of("field", "page", "message", "must be 0 or more"),
                Map.of("field", "size", "message", "must lie between 1 and 100"));
    }

    @Test
    void scopesWhenPagedThenSlicedInNameOrder() {
        Map<String, Object> all = this.admin.get("/admin/v1/scopes?size=100").json();
        List<Object> names = ((List<?>) all.get("items")).stream()
            .map((scope) -> (Object) ((Map<?, ?>) scope).get("name"))
            .toList();

        Map<String, Object> second = this.admin.get("/admin/v1/scopes?page=1&size=2").json();

        assertThat(second).containsEntry("page", 1).containsEntry("size", 2).containsEntry("totalItems", names.size());
        assertThat(((List<?>) second.get("items")).stream().map((scope) -> (Object) ((Map<?, ?>) scope).get("name")))
            .containsExactlyElementsOf(names.subList(2, Math.min(4, names.size())));
    }

    @Test
    void auditWhenTypeUnknownThenBadRequestNamingTheTypes() {
        Response response = this.admin.get("/admin/v1/audit-events?type=CLIENT_CREATD");

        assertProblem(response, 400, "The request has invalid fields");
        assertThat(errors(response)).singleElement().satisfies((error) -> {
            assertThat(error).containsEntry("field", "type");
            assertThat((String) error.get("message")).startsWith("must be one of [CLIENT_CREATED, CLIENT_UPDATED, ")
                .contains("KEY_ROTATED")
                .endsWith("TOKEN_REVOKED]");
        });
    }

    @Test
    void createWhenFieldMisspeltAndOthersInvalidThenAllNamedInOneAnswerAndNothingWritten() {
        long clients = count("clients");
        long audits = auditCount();

        Response response = this.admin.post("/admin/v1/clients", """
                {"name": "Bad", "scope": ["users.read"], "accessTokenTimeToLive": "PT2H",
                 "defaultScopes": ["users.write"]}""");

        assertProblem(response, 400, "The request has invalid fields");
        assertThat(errors(response)).containsExactlyInAnyOrder(
                Map.of("field", "scope", "message", "unknown field"),
                Map.of("field", "defaultScopes[0]", "message", "must be one of the client's scopes"),
                Map.of("field", "accessTokenTimeToLive",
                        "message", "must be an ISO-8601 duration of whole seconds between PT30S and PT1H"));
        assertThat(count("clients")).isEqualTo(clients);
        assertThat(auditCount()).isEqualTo(audits);
    }

    @Test
    void createWhenFieldMisspeltAndAConstraintBrokenThenBothNamed() {
        Response response = this.admin.post("/admin/v1/clients", """
                {"clientId": "no spaces", "nmae": "Bad"}""");

        assertProblem(response, 400, "The request has invalid fields");
        assertThat(errors(response)).extracting((error) -> error.get("field"))
            .containsExactlyInAnyOrder("nmae", "name", "clientId");
    }

    @Test
    void grantWhenBodyFieldMisspeltThenBadRequestAndScopeNotGranted() {
        Map<String, Object> created = createClient("""
                {"name": "Misspelt grant", "scopes": ["users.read"]}""");
        String path = "/admin/v1/clients/" + created.get("clientId");
        long audits = auditCount();

        Response response = this.admin.put(path + "/scopes/users.write", "{\"isDefualt\": true}", null);

        assertProblem(response, 400, "The request has invalid fields");
        assertThat(errors(response)).containsExactly(Map.of("field", "isDefualt", "message", "unknown field"));
        assertThat(this.admin.get(path).json()).containsEntry("scopes", List.of("users.read"));
        assertThat(auditCount()).isEqualTo(audits);
    }

}
