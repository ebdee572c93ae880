package io.portcullis.gateway.system;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

import io.portcullis.gateway.GatewayIntegrationTestSupport;
import io.portcullis.gateway.GatewayTestEnvironment;
import io.portcullis.gateway.TestUpstream;
import io.portcullis.testsupport.TestPki;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * HTTP/2 over TLS on the public port: a client that offers h2 by ALPN gets it and one that offers only HTTP/1.1 gets
 * HTTP/1.1; proxied calls work on both, with many streams on one connection, and the hop to the service stays
 * HTTP/1.1 with nothing of HTTP/2's framing leaking into its headers.
 * <p>
 * The property (the default, stated) gives the class a context of its own: a cached context that another class's
 * context pauses is resumed with its readiness still refusing traffic (ShutdownDrain), which a later class sharing
 * it would see.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "server.http2.enabled=true")
class Http2IntegrationTests extends GatewayIntegrationTestSupport {

    @LocalManagementPort
    int managementPort;

    @Test
    void apiCallWhenClientOffersH2ThenRelayedOverHttp2() throws Exception {
        String token = token();

        HttpResponse<String> response = send(HttpClient.Version.HTTP_2, api("/api/users/42?page=1", token));

        assertThat(response.version()).isEqualTo(HttpClient.Version.HTTP_2);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("{\"ok\":true}");
        assertThat(response.headers().firstValue("x-request-id")).isPresent();
        assertThat(UPSTREAM.seen()).singleElement().satisfies((seen) -> {
            assertThat(seen.method()).isEqualTo("GET");
            assertThat(seen.uri()).isEqualTo("/users/42?page=1");
            assertThat(seen.header("Authorization")).isEqualTo("Bearer " + token);
            assertThat(seen.clientCertificate()).contains("CN=gateway");
            // Netty's HTTP/2-to-HTTP/1 conversion headers (x-http2-stream-id, x-http2-scheme...) stay at the edge
            assertThat(seen.headers().keySet()).noneMatch((name) -> name.toLowerCase().startsWith("x-http2"));
        });
    }

    @Test
    void apiCallWhenClientOffersOnlyHttp11ThenRelayedOverHttp11() throws Exception {
        HttpResponse<String> response = send(HttpClient.Version.HTTP_1_1, api("/api/users/42", token()));

        assertThat(response.version()).isEqualTo(HttpClient.Version.HTTP_1_1);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(UPSTREAM.seen()).hasSize(1);
    }

    @Test
    void postWhenOverHttp2ThenBodyRelayedAndLocationRewritten() throws Exception {
        HttpResponse<String> response = send(HttpClient.Version.HTTP_2, api("/api/users", token())
            .header("Content-Type", "application/json")
            .header(TestUpstream.LOCATION_TO_ANSWER, "/users/7")
            .POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"h2\"}")));

        assertThat(response.version()).isEqualTo(HttpClient.Version.HTTP_2);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Location")).hasValue("/api/users/7");
        assertThat(UPSTREAM.seen()).singleElement().satisfies((seen) -> {
            assertThat(seen.method()).isEqualTo("POST");
            assertThat(seen.header("Content-Length")).isEqualTo("17");
        });
    }

    @Test
    void apiCallsWhenMultiplexedOnOneConnectionThenEachRelayed() throws Exception {
        String token = token();
        try (HttpClient client = client(HttpClient.Version.HTTP_2)) {
            List<CompletableFuture<HttpResponse<String>>> calls = IntStream.range(0, 20)
                .mapToObj((i) -> client.sendAsync(api("/api/users/" + i, token).build(),
                        HttpResponse.BodyHandlers.ofString()))
                .toList();

            assertThat(calls).allSatisfy((call) -> {
                HttpResponse<String> response = call.get();
                assertThat(response.version()).isEqualTo(HttpClient.Version.HTTP_2);
                assertThat(response.statusCode()).isEqualTo(200);
            });
        }
        assertThat(UPSTREAM.seen()).hasSize(20);
    }

    @Test
    void refusalWhenOverHttp2ThenSameProblemAndServiceSawNothing() throws Exception {
        HttpResponse<String> response = send(HttpClient.Version.HTTP_2,
                this.edge.request("/api/users").header("Authorization", "Bearer not-a-token"));

        assertThat(response.version()).isEqualTo(HttpClient.Version.HTTP_2);
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
                (value) -> assertThat(value).startsWith("Bearer").contains("invalid_token"));
        assertThat(UPSTREAM.seen()).isEmpty();
    }

    @Test
    void managementWhenClientOffersOnlyHttp11ThenProbeAnswered() throws Exception {
        HttpResponse<String> readiness = send(HttpClient.Version.HTTP_1_1, HttpRequest.newBuilder(
                URI.create("https://localhost:" + this.managementPort + "/actuator/health/readiness")));

        assertThat(readiness.version()).isEqualTo(HttpClient.Version.HTTP_1_1);
        assertThat(readiness.statusCode()).isEqualTo(200);
    }

    private HttpRequest.Builder api(String path, String token) {
        return this.edge.request(path).header("Authorization", "Bearer " + token);
    }

    private static String token() {
        return AUTH.token(GatewayTestEnvironment.AUDIENCE).scope("users.read users.write").build();
    }

    private static HttpClient client(HttpClient.Version version) {
        return HttpClient.newBuilder().sslContext(TestPki.platform().trustOnlySslContext()).version(version).build();
    }

    /** A fresh client per request, so that each one negotiates its protocol on a connection of its own. */
    private static HttpResponse<String> send(HttpClient.Version version, HttpRequest.Builder request)
            throws IOException, InterruptedException {
        try (HttpClient client = client(version)) {
            return client.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        }
    }

}
