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
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The journeys' running platform (with the order-service), one for every journey class that registers it with
 * {@code @RegisterExtension}: started before the first such class's first test, stopped when the whole test run ends
 * (JUnit closes the root store's {@link AutoCloseable} values), also when its start failed halfway. A start costs
 * about a minute on two cores, so the classes share one, each leaving it as the next expects: the classes run in
 * alphabetical order, and the one that stops services for good (the gateway's SIGTERM) runs last. And the calls
 * every journey makes: HTTPS trusting the platform CA alone (one client per test instance, as services restart
 * between tests), a client-credentials token, a request to the gateway, a field of a JSON answer.
 */
final class PlatformJourney implements BeforeAllCallback {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(PlatformJourney.class);

    private static final PlatformJourney SHARED = new PlatformJourney();

    private final Platform platform;

    private PlatformJourney() {
        try {
            this.platform = new Platform(true);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /** The platform every journey class shares. */
    static PlatformJourney shared() {
        return SHARED;
    }

    Platform platform() {
        return this.platform;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        context.getRoot()
            .getStore(NAMESPACE)
            .computeIfAbsent(Started.class, (key) -> new Started(this.platform), Started.class)
            .await();
    }

    /** The shared platform's start, made once; stopping it when the run ends. */
    private static final class Started implements AutoCloseable {

        private final Platform platform;

        private boolean attempted;

        private RuntimeException failure;

        Started(Platform platform) {
            this.platform = platform;
        }

        /** Starts the platform the first time; a start that failed fails every class that asks again. */
        synchronized void await() {
            if (!this.attempted) {
                this.attempted = true;
                try {
                    this.platform.start();
                }
                catch (RuntimeException ex) {
                    this.failure = ex;
                    throw ex;
                }
            }
            else if (this.failure != null) {
                throw new IllegalStateException("The journeys' platform failed to start", this.failure);
            }
        }

        @Override
        public void close() {
            this.platform.close();
        }

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
