package io.portcullis.auth.admin;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.util.Map;

import io.portcullis.auth.OAuthClient.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a hostile or careless caller sends to the admin API and the feed: query parameters with control characters
 * or out of range get a 400 problem, never a 409 or a 500; a jwksUri that would make the server call an internal
 * address is refused at registration (the default: private addresses not allowed).
 */
class HostileAdminInputIntegrationTests extends AdminIntegrationTestSupport {

    @ParameterizedTest
    @ValueSource(strings = { "/admin/v1/clients?name=a%00b", "/admin/v1/clients?scope=a%0D%0Ab",
            "/admin/v1/clients?name=%0A", "/admin/v1/audit-events?clientId=x%00", "/admin/v1/audit-events?type=%00",
            "/admin/v1/scopes?resource=%00" })
    void listWhenFilterHoldsControlCharacterThenBadRequest(String path) {
        long audit = auditCount();

        Response response = this.admin.get(path);

        assertProblem(response, 400, "Query parameters must not contain control characters");
        assertThat(response.json()).isEqualTo(Map.of("type", "about:blank", "title", "Bad Request", "status", 400,
                "detail", "Query parameters must not contain control characters"));
        assertThat(auditCount()).isEqualTo(audit);
    }

    @Test
    void requestWhenParametersCannotBeParsedThenBadRequestNotServerError() {
        // a malformed form body beside a query string: Tomcat parses both together, and keeps the failure for every
        // later read of a parameter (the control-character check read them first, then the controller failed: 500)
        Response response = this.oauth.send(HttpRequest
            .newBuilder(this.oauth.uri("/admin/v1/clients/some-client/secret?gracePeriod=PT1H"))
            .version(HttpClient.Version.HTTP_1_1)
            .header("Authorization", "Bearer " + this.admin.token())
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString("%%%=%%%")));

        assertThat(response.status()).as(response.body()).isEqualTo(400);
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
    }

    @Test
    void createWhenJsonStringHoldsNulThenBadRequestNotConflictAndNothingWritten() {
        long clients = count("clients");
        long audit = auditCount();

        Response response = this.admin.post("/admin/v1/clients", """
                {"name": "Bad\\u0000name", "scopes": ["users.read"]}""");

        assertProblem(response, 400, "The request holds a NUL character, which cannot be stored");
        assertThat(count("clients")).isEqualTo(clients);
        assertThat(auditCount()).isEqualTo(audit);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = { "after=-1|The request has invalid parameters",
            "after=0&wait=99999|The request has invalid parameters",
            "after=0&wait=-1|The request has invalid parameters",
            "after=abc|Failed to convert 'after' with value: 'abc'",
            "after=0&wait=x|Failed to convert 'wait' with value: 'x'",
            "after=99999999999999999999|Failed to convert 'after' with value: '99999999999999999999'",
            "wait=1|Required parameter 'after' is not present.",
            "after=0%00|Query parameters must not contain control characters" })
    void eventsWhenParameterOutOfRangeThenBadRequestProblem(String query, String detail) {
        String token = this.oauth.accessToken("test-edge", "test-edge-secret-that-is-long-enough-00000");

        Response response = this.oauth.send(HttpRequest.newBuilder(this.oauth.uri("/feed/v1/events?" + query))
            .header("Authorization", "Bearer " + token)
            .GET());

        assertThat(response.status()).as(response.body()).isEqualTo(400);
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        assertThat(response.json()).containsEntry("status", 400)
            .containsEntry("title", "Bad Request")
            .containsEntry("detail", detail);
    }

    @ParameterizedTest
    @ValueSource(strings = { "https://127.0.0.1/jwks", "https://localhost/jwks", "https://169.254.169.254/latest",
            "https://[fe80::1]/jwks", "https://10.1.2.3/jwks", "https://172.16.0.1/jwks", "https://192.168.1.1/jwks",
            "https://[fc00::1]/jwks", "https://100.64.0.1/jwks", "https://0.0.0.0/jwks", "https://[::]/jwks",
            "https://[::1]/jwks", "https://[::ffff:127.0.0.1]/jwks",
            "https://no-such-host.invalid/jwks" })
    void createWhenJwksUriHostInternalOrUnresolvableThenRefusedAndNothingWritten(String jwksUri) {
        long clients = count("clients");

        Response response = this.admin.post("/admin/v1/clients", """
                {"name": "Keys elsewhere", "scopes": ["users.read"], "authenticationMethod": "private_key_jwt",
                 "jwksUri": "%s"}""".formatted(jwksUri));

        assertProblem(response, 400, "The request has invalid fields");
        assertThat(errors(response)).containsExactly(
                Map.of("field", "jwksUri", "message", "must name a host that resolves, and only to public addresses"));
        assertThat(count("clients")).isEqualTo(clients);
    }

}
