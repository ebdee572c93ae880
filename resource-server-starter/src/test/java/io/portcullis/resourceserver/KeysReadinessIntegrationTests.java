package io.portcullis.resourceserver;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;

import io.portcullis.resourceserver.sample.SampleResourceServer;
import io.portcullis.testsupport.TcpProxy;
import io.portcullis.testsupport.TestAuthorizationServer;
import io.portcullis.testsupport.TestPki;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A service started while the auth-server is down cannot verify any token: it is not ready (so the gateway sends
 * it nothing) and answers 503 with {@code Retry-After}, until the first JWKS is obtained, without a restart.
 */
@SpringBootTest(classes = SampleResourceServer.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class KeysReadinessIntegrationTests {

    private static final TestAuthorizationServer AUTH = TestAuthorizationServer.start();

    private static final TcpProxy AUTH_LINK = cutLink();

    @DynamicPropertySource
    static void environment(DynamicPropertyRegistry registry) {
        SampleEnvironment.register(registry,
                "https://localhost:" + AUTH_LINK.port() + URI.create(AUTH.jwksUri()).getPath());
    }

    @AfterAll
    static void stop() {
        AUTH_LINK.close();
        AUTH.close();
    }

    @LocalServerPort
    int port;

    @LocalManagementPort
    int managementPort;

    @Test
    void readinessWhenKeysNeverObtainedThenDownAndTokensUnavailableUntilTheAuthServerAnswers() throws Exception {
        HttpResponse<String> before = readiness();
        HttpResponse<String> refused = order();

        assertThat(before.statusCode()).isEqualTo(503);
        assertThat(before.body()).isEqualTo("{\"status\":\"OUT_OF_SERVICE\"}");
        assertThat(refused.statusCode()).isEqualTo(503);
        assertThat(refused.headers().firstValue("Retry-After")).hasValue("5");
        assertThat(refused.body()).isEqualTo("{\"type\":\"about:blank\",\"title\":\"Service Unavailable\","
                + "\"status\":503,\"detail\":\"Access tokens cannot be verified right now\"}");

        AUTH_LINK.restore();

        Instant deadline = Instant.now().plusSeconds(15);
        HttpResponse<String> after = readiness();
        while (after.statusCode() != 200 && Instant.now().isBefore(deadline)) {
            Thread.sleep(200);
            after = readiness();
        }
        assertThat(after.statusCode()).isEqualTo(200);
        assertThat(order().statusCode()).isEqualTo(200);
        // kept once obtained: the auth-server going away again does not make the service unready
        AUTH_LINK.cut();
        assertThat(readiness().statusCode()).isEqualTo(200);
        assertThat(order().statusCode()).isEqualTo(200);
    }

    private static TcpProxy cutLink() {
        TcpProxy proxy = new TcpProxy("127.0.0.1", URI.create(AUTH.jwksUri()).getPort());
        proxy.cut();
        return proxy;
    }

    private HttpResponse<String> readiness() throws IOException, InterruptedException {
        return HttpClient.newBuilder()
            .sslContext(TestPki.platform().trustOnlySslContext())
            .build()
            .send(HttpRequest.newBuilder(URI.create("https://localhost:" + this.managementPort
                    + "/actuator/health/readiness")).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> order() throws IOException, InterruptedException {
        return HttpClient.newBuilder()
            .sslContext(TestPki.platform().sslContext("gateway"))
            .build()
            .send(HttpRequest.newBuilder(URI.create("https://localhost:" + this.port + "/orders/1"))
                .header("Authorization", "Bearer " + AUTH.token(SampleEnvironment.AUDIENCE).scope("orders.read").build())
                .timeout(Duration.ofSeconds(20))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

}
