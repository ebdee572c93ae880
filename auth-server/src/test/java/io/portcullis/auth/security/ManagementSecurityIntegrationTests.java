package io.portcullis.auth.security;

import java.io.UncheckedIOException;
import java.util.List;

import javax.net.ssl.SSLException;

import io.portcullis.auth.AuthServerIntegrationTestSupport;
import io.portcullis.auth.OAuthClient;
import io.portcullis.testsupport.TestPki;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.web.server.LocalManagementPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The management port shows metrics (which name client ids) only to a client certificate of the platform CA;
 * the probes stay open and answer nothing but a status.
 */
class ManagementSecurityIntegrationTests extends AuthServerIntegrationTestSupport {

    private static final List<String> GUARDED = List.of("/actuator/prometheus", "/actuator/metrics",
            "/actuator/metrics/portcullis.tokens.issued", "/actuator/info", "/actuator");

    @LocalManagementPort
    int managementPort;

    String base;

    @BeforeEach
    void issueToken() {
        this.base = "https://localhost:" + this.managementPort;
        // a client id the metrics would name
        this.oauth.token("test-admin", "test-admin-secret-that-is-long-enough-000");
    }

    @Test
    void metricsWhenNoClientCertificateThenForbiddenAndNoClientIdRevealed() {
        OAuthClient anonymous = new OAuthClient(this.base);
        for (String path : GUARDED) {
            OAuthClient.Response response = anonymous.get(path);
            assertThat(response.status()).as(path).isEqualTo(403);
            assertThat(response.header("Content-Type")).as(path).startsWith("application/problem+json");
            assertThat(response.body()).as(path)
                .isEqualTo("{\"type\":\"about:blank\",\"title\":\"Forbidden\",\"status\":403,"
                        + "\"detail\":\"A client certificate of the platform CA is required\"}");
        }
    }

    @Test
    void metricsWhenCertificateOfAnotherCaThenHandshakeRefusedOrForbidden() {
        // forced on the server, a foreign certificate fails the handshake
        OAuthClient forcing = new OAuthClient(this.base,
                TestPki.named("stranger").sslContextForcing("prometheus", TestPki.platform()));
        assertThatThrownBy(() -> forcing.get("/actuator/prometheus")).isInstanceOf(UncheckedIOException.class)
            .hasRootCauseInstanceOf(SSLException.class);
        // a polite client sends none, as the server asks for the platform CA's: then it is anonymous
        OAuthClient polite = new OAuthClient(this.base,
                TestPki.named("stranger").sslContextTrusting("prometheus", TestPki.platform()));
        assertThat(polite.get("/actuator/prometheus").status()).isEqualTo(403);
    }

    @Test
    void metricsWhenPlatformCertificateThenServed() {
        OAuthClient prometheus = new OAuthClient(this.base, TestPki.platform().sslContext("prometheus"));
        for (String path : GUARDED) {
            assertThat(prometheus.get(path).status()).as(path).isEqualTo(200);
        }
        assertThat(prometheus.get("/actuator/prometheus").body())
            .contains("portcullis_tokens_issued_total{client_id=\"test-admin\"}");
    }

    @Test
    void probesWhenNoClientCertificateThenOpenWithStatusOnly() {
        OAuthClient anonymous = new OAuthClient(this.base);
        assertThat(anonymous.get("/actuator/health/liveness").body()).isEqualTo("{\"status\":\"UP\"}");
        assertThat(anonymous.get("/actuator/health/readiness").body()).isEqualTo("{\"status\":\"UP\"}");
        OAuthClient.Response health = anonymous.get("/actuator/health");
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.json()).containsEntry("status", "UP").doesNotContainKeys("components", "details");
    }

}
