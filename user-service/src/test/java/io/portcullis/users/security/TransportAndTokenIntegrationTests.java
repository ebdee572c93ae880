package io.portcullis.users.security;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;

import javax.net.ssl.SSLContext;

import io.portcullis.testsupport.TestAuthorizationServer;
import io.portcullis.testsupport.TestPki;
import io.portcullis.users.UserServiceIntegrationTest;
import io.portcullis.users.UserServiceTestEnvironment;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Real HTTPS: mutual TLS at the door, then the bearer token checked against a JWKS served over TLS. */
@UserServiceIntegrationTest
class TransportAndTokenIntegrationTests {

    /** Its own stand-in auth-server: these tests rotate keys and count JWKS requests. */
    private static final TestAuthorizationServer AUTH = TestAuthorizationServer.start();

    @DynamicPropertySource
    static void environment(DynamicPropertyRegistry registry) {
        UserServiceTestEnvironment.register(registry, AUTH);
    }

    @AfterAll
    static void stopAuthorizationServer() {
        AUTH.close();
    }

    @LocalServerPort
    int port;

    @LocalManagementPort
    int managementPort;

    private final TestAuthorizationServer auth = AUTH;

    @Test
    void connectWhenNoClientCertificateThenRefused() {
        HttpClient client = HttpClient.newBuilder().sslContext(TestPki.platform().trustOnlySslContext()).build();

        assertThatThrownBy(() -> send(client, validToken())).isInstanceOf(IOException.class);
    }

    @Test
    void connectWhenCertificateOfAnotherCaThenRefused() {
        SSLContext stranger = TestPki.named("foreign").sslContextTrusting("gateway", TestPki.platform());
        HttpClient client = HttpClient.newBuilder().sslContext(stranger).build();

        assertThatThrownBy(() -> send(client, validToken())).isInstanceOf(IOException.class);
    }

    @Test
    void requestWhenPlatformCertificateNotAllowedThenForbidden() throws Exception {
        HttpResponse<String> response = send(as("intruder"), validToken());

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.body()).contains("This client certificate may not call the service");
    }

    @Test
    void requestWhenGatewayCertificateAndValidTokenThenServed() throws Exception {
        HttpResponse<String> response = send(as("gateway"), validToken());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"items\"");
    }

    @Test
    void requestWhenTokenFailsAnyCheckThenInvalidTokenWithoutDetails() throws Exception {
        String audience = UserServiceTestEnvironment.AUDIENCE;
        String[] tokens = { this.auth.token(audience).scope("users.read").type("JWT").build(),
                this.auth.token(audience).scope("users.read").type(null).build(),
                this.auth.token(audience).scope("users.read").unsigned().build(),
                this.auth.token(audience).scope("users.read").hs256WithPublicKey().build(),
                this.auth.token(audience).scope("users.read").unknownKey().build(),
                this.auth.token("https://orders.portcullis.test").scope("users.read").build(),
                this.auth.token(audience).scope("users.read").issuer("https://evil.example").build(),
                this.auth.token(audience).scope("users.read").expiresAt(Instant.now().minusSeconds(60)).build(),
                this.auth.token(audience).scope("users.read").notBefore(Instant.now().plusSeconds(600)).build() };

        for (String token : tokens) {
            HttpResponse<String> response = send(as("gateway"), token);
            assertThat(response.statusCode()).as(token).isEqualTo(401);
            assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Bearer error=\"invalid_token\"");
            assertThat(response.body()).doesNotContain("kid", "expired", "audience", "issuer", "alg");
        }
    }

    @Test
    void requestWhenSignedWithNewlyPublishedKeyThenJwksRefetchedOnce() throws Exception {
        send(as("gateway"), validToken());
        // past the minimum refetch interval of the test profile (1 s)
        Thread.sleep(1100);
        int before = this.auth.jwksRequests();
        this.auth.rotate();

        HttpResponse<String> first = send(as("gateway"), validToken());
        HttpResponse<String> second = send(as("gateway"), validToken());

        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(second.statusCode()).isEqualTo(200);
        assertThat(this.auth.jwksRequests() - before).isEqualTo(1);
    }

    @Test
    void requestWhenUnknownKidRepeatedThenJwksNotHammeredAndTokensInvalid() throws Exception {
        HttpClient gateway = as("gateway");
        send(gateway, validToken());
        int before = this.auth.jwksRequests();
        long started = System.nanoTime();

        for (int i = 0; i < 20; i++) {
            HttpResponse<String> response = send(gateway, this.auth.token(UserServiceTestEnvironment.AUDIENCE)
                .scope("users.read")
                .unknownKey()
                .build());
            assertThat(response.statusCode()).isEqualTo(401);
        }

        // the rate limiter admits at most two fetches per interval (one to follow a rotation right after a fetch);
        // its intervals start at fetches, so a loop of T seconds meets at most floor(T) + 2 of them (the first may
        // have begun before the loop)
        long intervals = Duration.ofNanos(System.nanoTime() - started).toSeconds() + 2;
        assertThat(this.auth.jwksRequests() - before).isLessThanOrEqualTo((int) (2 * intervals)).isLessThan(20);
    }

    @Test
    void probesWhenDatabaseUpThenReadyOnManagementPortWithoutClientCertificate() throws Exception {
        HttpClient client = HttpClient.newBuilder().sslContext(TestPki.platform().trustOnlySslContext()).build();
        HttpResponse<String> readiness = client.send(
                HttpRequest.newBuilder(URI.create("https://localhost:" + this.managementPort
                        + "/actuator/health/readiness")).build(),
                HttpResponse.BodyHandlers.ofString());
        // metrics need the scraper's certificate (ManagementSecurityIntegrationTests)
        HttpResponse<String> metrics = as("prometheus").send(HttpRequest
            .newBuilder(URI.create("https://localhost:" + this.managementPort + "/actuator/prometheus"))
            .build(), HttpResponse.BodyHandlers.ofString());

        assertThat(readiness.statusCode()).isEqualTo(200);
        assertThat(readiness.body()).contains("UP");
        assertThat(metrics.body()).contains("http_server_requests_seconds");
    }

    private String validToken() {
        return this.auth.token(UserServiceTestEnvironment.AUDIENCE).scope("users.read").build();
    }

    private HttpClient as(String service) {
        return HttpClient.newBuilder().sslContext(TestPki.platform().sslContext(service)).build();
    }

    private HttpResponse<String> send(HttpClient client, String token) throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(URI.create("https://localhost:" + this.port + "/users"))
            .header("Authorization", "Bearer " + token)
            .timeout(Duration.ofSeconds(10))
            .build(), HttpResponse.BodyHandlers.ofString());
    }

}
