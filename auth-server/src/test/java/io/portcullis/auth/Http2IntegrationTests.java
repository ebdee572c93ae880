package io.portcullis.auth;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import io.portcullis.auth.feed.FeedSignal;
import io.portcullis.testsupport.TestPki;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalManagementPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * HTTP/2 over TLS: a client that offers h2 by ALPN gets it, one that offers only HTTP/1.1 gets HTTP/1.1, on the same
 * port; the token endpoint and the security feed work on both, and the feed's "poll again on a new connection"
 * while shutting down uses no connection-specific header on HTTP/2 (RFC 9113 §8.2.2).
 */
class Http2IntegrationTests extends AuthServerIntegrationTestSupport {

    private static final String EDGE = "test-edge";

    private static final String EDGE_SECRET = "test-edge-secret-that-is-long-enough-00000";

    @LocalManagementPort
    int managementPort;

    @Autowired
    FeedSignal feedSignal;

    @Test
    void tokenWhenClientOffersH2ThenIssuedOverHttp2() throws Exception {
        HttpResponse<String> response = send(HttpClient.Version.HTTP_2, tokenRequest());

        assertThat(response.version()).isEqualTo(HttpClient.Version.HTTP_2);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"access_token\"");
        assertThat(response.headers().firstValue("connection")).isEmpty();
    }

    @Test
    void tokenWhenClientOffersOnlyHttp11ThenIssuedOverHttp11() throws Exception {
        HttpResponse<String> response = send(HttpClient.Version.HTTP_1_1, tokenRequest());

        assertThat(response.version()).isEqualTo(HttpClient.Version.HTTP_1_1);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"access_token\"");
    }

    @Test
    void feedWhenPolledOverHttp2ThenAnsweredOverHttp2() throws Exception {
        String token = this.oauth.accessToken(EDGE, EDGE_SECRET);

        HttpResponse<String> snapshot = send(HttpClient.Version.HTTP_2, feed("/snapshot", token));
        HttpResponse<String> events = send(HttpClient.Version.HTTP_2, feed("/events?after=0&wait=0", token));

        assertThat(snapshot.version()).isEqualTo(HttpClient.Version.HTTP_2);
        assertThat(snapshot.statusCode()).isEqualTo(200);
        assertThat(events.version()).isEqualTo(HttpClient.Version.HTTP_2);
        assertThat(events.statusCode()).isEqualTo(200);
        assertThat(events.body()).contains("\"last\"");
    }

    @Test
    void feedWhenClosingThenConnectionCloseOnHttp11AndNoConnectionHeaderOnHttp2() throws Exception {
        String token = this.oauth.accessToken(EDGE, EDGE_SECRET);
        this.feedSignal.stop();
        try {
            HttpResponse<String> http11 = send(HttpClient.Version.HTTP_1_1,
                    feed("/events?after=0&wait=20", token));
            HttpResponse<String> http2 = send(HttpClient.Version.HTTP_2, feed("/events?after=0&wait=20", token));

            assertThat(http11.version()).isEqualTo(HttpClient.Version.HTTP_1_1);
            assertThat(http11.statusCode()).isEqualTo(200);
            assertThat(http11.headers().firstValue("connection")).hasValue("close");
            assertThat(http2.version()).isEqualTo(HttpClient.Version.HTTP_2);
            assertThat(http2.statusCode()).isEqualTo(200);
            assertThat(http2.body()).contains("\"last\"");
            assertThat(http2.headers().map().keySet()).doesNotContain("connection", "keep-alive");
        }
        finally {
            this.feedSignal.start();
        }
    }

    @Test
    void managementWhenClientOffersOnlyHttp11ThenProbeAnswered() throws Exception {
        HttpResponse<String> readiness = send(HttpClient.Version.HTTP_1_1,
                HttpRequest.newBuilder(URI.create("https://localhost:" + this.managementPort
                        + "/actuator/health/readiness")));

        assertThat(readiness.version()).isEqualTo(HttpClient.Version.HTTP_1_1);
        assertThat(readiness.statusCode()).isEqualTo(200);
    }

    private HttpRequest.Builder tokenRequest() {
        return HttpRequest.newBuilder(this.oauth.uri("/oauth2/token"))
            .header("Authorization", OAuthClient.basic(EDGE, EDGE_SECRET))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials"));
    }

    private HttpRequest.Builder feed(String path, String token) {
        return HttpRequest.newBuilder(this.oauth.uri("/feed/v1" + path)).header("Authorization", "Bearer " + token);
    }

    /** A fresh client per request, so that each one negotiates its protocol on a connection of its own. */
    private static HttpResponse<String> send(HttpClient.Version version, HttpRequest.Builder request)
            throws IOException, InterruptedException {
        try (HttpClient client = HttpClient.newBuilder()
            .sslContext(TestPki.platform().trustOnlySslContext())
            .version(version)
            .build()) {
            return client.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        }
    }

}
