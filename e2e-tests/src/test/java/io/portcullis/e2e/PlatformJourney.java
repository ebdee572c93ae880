package io.portcullis.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.portcullis.testsupport.TestPki;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A journey class's running platform, started before its first test and stopped after its last (also when its start
 * failed halfway); register it with {@code @RegisterExtension}. And the calls every journey makes: HTTPS trusting the
 * platform CA alone (one client per test instance, as services restart between tests), a client-credentials token, a
 * request to the gateway, a field of a JSON answer.
 */
final class PlatformJourney implements BeforeAllCallback, AfterAllCallback {

    private final Platform platform;

    /** With {@code orderService}, the order-service too. */
    PlatformJourney(boolean orderService) {
        try {
            this.platform = new Platform(orderService);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    Platform platform() {
        return this.platform;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        this.platform.start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        this.platform.close();
    }

    /** A new client that trusts the platform CA alone and presents no certificate. */
    static HttpClient client() {
        return HttpClient.newBuilder().sslContext(TestPki.platform().trustOnlySslContext()).build();
    }

    static HttpResponse<String> send(HttpClient client, HttpRequest.Builder request) throws Exception {
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A client-credentials access token from the auth-server, which must answer 200. */
    String token(HttpClient client, String clientId, String secret, String scope) throws Exception {
        HttpResponse<String> response = send(client,
                HttpRequest.newBuilder(URI.create(this.platform.issuer() + "/oauth2/token"))
                    .header("Authorization", "Basic " + Base64.getEncoder()
                        .encodeToString((clientId + ":" + secret).getBytes(StandardCharsets.UTF_8)))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials&scope="
                            + URLEncoder.encode(scope, StandardCharsets.UTF_8))));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return field(response.body(), "access_token");
    }

    /** A request to {@code path} at the gateway. */
    HttpRequest.Builder gateway(String path) {
        return HttpRequest.newBuilder(URI.create("https://localhost:" + this.platform.port("gateway") + path))
            .timeout(Duration.ofSeconds(15));
    }

    /** The string {@code name} of {@code json}, which must hold it. */
    static String field(String json, String name) {
        Matcher matcher = Pattern.compile("\"" + name + "\":\"([^\"]*)\"").matcher(json);
        assertThat(matcher.find()).as("%s in %s", name, json).isTrue();
        return matcher.group(1);
    }

}
