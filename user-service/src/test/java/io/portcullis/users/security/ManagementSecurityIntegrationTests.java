package io.portcullis.users.security;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import javax.net.ssl.SSLContext;

import io.portcullis.testsupport.TestPki;
import io.portcullis.users.UserServiceIntegrationTest;
import io.portcullis.users.UserServiceTestEnvironment;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The management port shows metrics only to a client certificate of the platform CA; the probes stay open and
 * answer nothing but a status.
 */
@UserServiceIntegrationTest
class ManagementSecurityIntegrationTests {

    private static final List<String> GUARDED = List.of("/actuator/prometheus", "/actuator/metrics",
            "/actuator/metrics/jvm.memory.used", "/actuator/info", "/actuator");

    @DynamicPropertySource
    static void environment(DynamicPropertyRegistry registry) {
        UserServiceTestEnvironment.register(registry);
    }

    @LocalManagementPort
    int managementPort;

    @Test
    void metricsWhenNoClientCertificateThenForbidden() throws Exception {
        HttpClient anonymous = client(TestPki.platform().trustOnlySslContext());
        for (String path : GUARDED) {
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
        HttpClient forcing = client(TestPki.named("stranger").sslContextForcing("prometheus", TestPki.platform()));
        assertThatThrownBy(() -> get(forcing, "/actuator/prometheus")).isInstanceOf(IOException.class);
        // a polite client sends none, as the server asks for the platform CA's: then it is anonymous
        HttpClient polite = client(TestPki.named("stranger").sslContextTrusting("prometheus", TestPki.platform()));
        assertThat(get(polite, "/actuator/prometheus").statusCode()).isEqualTo(403);
    }

    @Test
    void metricsWhenPlatformCertificateThenServed() throws Exception {
        HttpClient prometheus = client(TestPki.platform().sslContext("prometheus"));
        for (String path : GUARDED) {
            assertThat(get(prometheus, path).statusCode()).as(path).isEqualTo(200);
        }
        assertThat(get(prometheus, "/actuator/prometheus").body()).contains("jvm_memory_used_bytes");
    }

    @Test
    void probesWhenNoClientCertificateThenOpenWithStatusOnly() throws Exception {
        HttpClient anonymous = client(TestPki.platform().trustOnlySslContext());
        assertThat(get(anonymous, "/actuator/health/liveness").body()).isEqualTo("{\"status\":\"UP\"}");
        assertThat(get(anonymous, "/actuator/health/readiness").body()).isEqualTo("{\"status\":\"UP\"}");
        HttpResponse<String> health = get(anonymous, "/actuator/health");
        assertThat(health.statusCode()).isEqualTo(200);
        // the status and the names of the probe groups, nothing else
        assertThat(health.body()).isEqualTo("{\"groups\":[\"liveness\",\"readiness\"],\"status\":\"UP\"}").doesNotContain("components", "details", "db");
    }

    private static HttpClient client(SSLContext tls) {
        return HttpClient.newBuilder().sslContext(tls).connectTimeout(Duration.ofSeconds(5)).build();
    }

    private HttpResponse<String> get(HttpClient client, String path) throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(URI.create("https://localhost:" + this.managementPort + path))
            .timeout(Duration.ofSeconds(10))
            .build(), HttpResponse.BodyHandlers.ofString());
    }

}
