package io.portcullis.auth.admin;

import java.util.List;
import java.util.Map;

import io.portcullis.auth.AuthServerIntegrationTestSupport;
import io.portcullis.auth.OAuthClient.Response;
import org.junit.jupiter.api.BeforeEach;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/** The admin API's test fixture: the running auth-server, signed in as the test administrator, and its database. */
abstract class AdminIntegrationTestSupport extends AuthServerIntegrationTestSupport {

    @Autowired
    protected JdbcTemplate jdbc;

    protected AdminApi admin;

    @BeforeEach
    void signIn() {
        this.admin = AdminApi.asAdmin(this.oauth);
    }

    /** Creates a client through the API (asserting 201) and returns the answer: the client and its secret. */
    protected Map<String, Object> createClient(String json) {
        Response response = this.admin.post("/admin/v1/clients", json);
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        return response.json();
    }

    protected long auditCount() {
        return count("audit_events");
    }

    protected long count(String table) {
        Long count = this.jdbc.queryForObject("SELECT count(*) FROM " + table, Long.class);
        return (count != null) ? count : 0;
    }

    static int version(Map<String, Object> view) {
        return ((Number) view.get("version")).intValue();
    }

    static String etag(Map<String, Object> view) {
        return "\"" + version(view) + "\"";
    }

    static void assertProblem(Response response, int status, String detail) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        assertThat(response.json()).containsEntry("status", status).containsEntry("detail", detail);
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> errors(Response response) {
        assertThat(response.status()).as(response.body()).isEqualTo(400);
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        return (List<Map<String, Object>>) response.json().get("errors");
    }

}
