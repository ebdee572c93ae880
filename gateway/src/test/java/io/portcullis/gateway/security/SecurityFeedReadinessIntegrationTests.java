package io.portcullis.gateway.security;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.portcullis.gateway.GatewayIntegrationTestSupport;
import io.portcullis.testsupport.TestPki;
import io.portcullis.testsupport.TestSecurityFeed;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The deny-list fails closed at the edge: following the security feed, the gateway is not ready until the feed's
 * first snapshot has arrived, and exports how far behind the feed it is.
 */
class SecurityFeedReadinessIntegrationTests extends GatewayIntegrationTestSupport {

    private static final TestSecurityFeed FEED = TestSecurityFeed.start();

    private static final Pattern LAG = Pattern.compile("(?m)^portcullis_feed_lag_seconds(?:\\{[^}]*})? (\\S+)$");

    @DynamicPropertySource
    static void feed(DynamicPropertyRegistry registry) {
        registry.add("portcullis.feed.enabled", () -> "true");
        registry.add("portcullis.feed.uri", FEED::feedUri);
        registry.add("portcullis.feed.token-uri", FEED::tokenUri);
        registry.add("portcullis.feed.client-secret", () -> "stand-in");
    }

    @AfterAll
    static void stopFeed() {
        FEED.close();
    }

    @LocalManagementPort
    int managementPort;

    private final HttpClient probe = HttpClient.newBuilder()
        .sslContext(TestPki.platform().trustOnlySslContext())
        .build();

    private final HttpClient prometheus = HttpClient.newBuilder()
        .sslContext(TestPki.platform().sslContext("prometheus"))
        .build();

    @Test
    void readinessWhenFirstSnapshotMissingThenOutOfServiceAndAfterItUpWhileLagShown() throws Exception {
        HttpResponse<String> before = get(this.probe, "/actuator/health/readiness");
        assertThat(before.statusCode()).isEqualTo(503);
        assertThat(before.body()).isEqualTo("{\"status\":\"OUT_OF_SERVICE\"}");
        assertThat(get(this.probe, "/actuator/health/liveness").statusCode()).isEqualTo(200);
        double lagBefore = lag();
        Thread.sleep(1100);
        assertThat(lag()).as("lag grows while no snapshot arrives").isGreaterThan(lagBefore);

        FEED.releaseSnapshot();

        Instant deadline = Instant.now().plusSeconds(10);
        HttpResponse<String> after = get(this.probe, "/actuator/health/readiness");
        while (after.statusCode() != 200 && Instant.now().isBefore(deadline)) {
            Thread.sleep(100);
            after = get(this.probe, "/actuator/health/readiness");
        }
        assertThat(after.statusCode()).isEqualTo(200);
        assertThat(after.body()).isEqualTo("{\"status\":\"UP\"}");
        assertThat(lag()).as("current once followed").isLessThan(1.0);
    }

    private double lag() throws IOException, InterruptedException {
        Matcher lag = LAG.matcher(get(this.prometheus, "/actuator/prometheus").body());
        assertThat(lag.find()).as("portcullis_feed_lag_seconds exported").isTrue();
        return Double.parseDouble(lag.group(1));
    }

    private HttpResponse<String> get(HttpClient client, String path) throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(URI.create("https://localhost:" + this.managementPort + path))
            .timeout(Duration.ofSeconds(10))
            .build(), HttpResponse.BodyHandlers.ofString());
    }

}
