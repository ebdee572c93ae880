package io.portcullis.gateway.security;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import javax.net.ssl.SSLContext;

import io.portcullis.gateway.GatewayIntegrationTestSupport;
import io.portcullis.gateway.GatewayTestEnvironment;
import io.portcullis.testsupport.TestPki;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.web.server.LocalManagementPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The management port shows metrics (which name client ids) and the routes only to a client certificate of the
 * platform CA; the probes stay open and answer nothing but a status.
 */
class ManagementSecurityIntegrationTests extends GatewayIntegrationTestSupport {

    private static final List<String> GUARDED = List.of("/actuator/prometheus", "/actuator/metrics",
            "/actuator/metrics/portcullis.gateway.requests", "/actuator/info", "/actuator");

    @LocalManagementPort
    int managementPort;

    @Test
    void metricsWhenNoClientCertificateThenForbiddenAndNoClientIdRevealed() throws Exception {
        this.edge.get("/api/users", AUTH.token(GatewayTestEnvironment.AUDIENCE).scope("users.read")
            .clientId("secret-customer")
            .build());
        SSLContext anonymous = TestPki.platform().trustOnlySslContext();
        // and any path below /actuator, an endpoint or not (the gateway's routes endpoint is not exposed)
        for (String path : java.util.stream.Stream.concat(GUARDED.stream(),
                java.util.stream.Stream.of("/actuator/gateway/routes", "/actuator/anything")).toList()) {
            HttpResponse<String> response = get(anonymous, path);
            assertThat(response.statusCode()).as(path).isEqualTo(403);
            assertThat(response.headers().firstValue("Content-Type")).as(path)
                .hasValueSatisfying((type) -> assertThat(type).startsWith("application/problem+json"));
            assertThat(response.body()).as(path)
                .isEqualTo("{\"type\":\"about:blank\",\"title\":\"Forbidden\",\"status\":403,"
                        + "\"detail\":\"A client certificate of the platform CA is required\"}");
        }
    }

    @Test
    void metricsWhenCertificateOfAnotherCaThenHandshakeRefusedOrForbidden() throws Exception {
        // forced on the server, a foreign certificate fails the handshake
        SSLContext forcing = TestPki.named("stranger").sslContextForcing("prometheus", TestPki.platform());
        assertThatThrownBy(() -> get(forcing, "/actuator/prometheus")).isInstanceOf(IOException.class);
        // a polite client sends none, as the server asks for the platform CA's: then it is anonymous
        SSLContext polite = TestPki.named("stranger").sslContextTrusting("prometheus", TestPki.platform());
        assertThat(get(polite, "/actuator/prometheus").statusCode()).isEqualTo(403);
    }

    @Test
    void metricsWhenPlatformCertificateThenServed() throws Exception {
        this.edge.get("/api/users", AUTH.token(GatewayTestEnvironment.AUDIENCE).scope("users.read")
            .clientId("secret-customer")
            .build());
        SSLContext prometheus = TestPki.platform().sslContext("prometheus");
        for (String path : GUARDED) {
            assertThat(get(prometheus, path).statusCode()).as(path).isEqualTo(200);
        }
        assertThat(get(prometheus, "/actuator/prometheus").body()).contains("client_id=\"secret-customer\"");
    }

    @Test
    void probesWhenNoClientCertificateThenOpenWithStatusOnly() throws Exception {
        SSLContext anonymous = TestPki.platform().trustOnlySslContext();
        assertThat(get(anonymous, "/actuator/health/liveness").body()).isEqualTo("{\"status\":\"UP\"}");
        assertThat(get(anonymous, "/actuator/health/readiness").body()).isEqualTo("{\"status\":\"UP\"}");
        HttpResponse<String> health = get(anonymous, "/actuator/health");
        assertThat(health.statusCode()).isEqualTo(200);
        // the status and the names of the probe groups, nothing else
        assertThat(health.body()).isEqualTo("{\"groups\":[\"liveness\",\"readiness\"],\"status\":\"UP\"}").doesNotContain("components", "details", "redis");
    }

    /**
     * One request on a connection of its own: what is tested is the management port's rule, and a connection the
     * server closes while the JDK client reuses it has been seen to hang that client until its timeout.
     */
    private HttpResponse<String> get(SSLContext tls, String path) throws IOException, InterruptedException {
        try (HttpClient client = HttpClient.newBuilder().sslContext(tls).connectTimeout(Duration.ofSeconds(5)).build()) {
            return client.send(HttpRequest.newBuilder(URI.create("https://localhost:" + this.managementPort + path))
                .timeout(Duration.ofSeconds(10))
                .build(), HttpResponse.BodyHandlers.ofString());
        }
        catch (java.net.http.HttpTimeoutException ex) {
            throw new java.net.http.HttpTimeoutException("no answer from " + path + " within 10 s");
        }
    }

}
