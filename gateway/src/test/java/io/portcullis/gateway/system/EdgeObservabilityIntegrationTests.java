package io.portcullis.gateway.system;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import io.portcullis.gateway.GatewayIntegrationTestSupport;
import io.portcullis.gateway.GatewayTestEnvironment;
import io.portcullis.testsupport.TestPki;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalManagementPort;

import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "management.tracing.sampling.probability=1.0")
@ExtendWith(OutputCaptureExtension.class)
class EdgeObservabilityIntegrationTests extends GatewayIntegrationTestSupport {

    @LocalManagementPort
    int managementPort;

    @Test
    void requestWhenRelayedOrRejectedThenTimedByRouteClientAndOutcomeAndLoggedWithTrace(CapturedOutput output)
            throws Exception {
        String traceId = "0af7651916cd43dd8448eb211c80319c";
        String token = AUTH.token(GatewayTestEnvironment.AUDIENCE).scope("users.read").clientId("observed").build();

        this.edge.send(this.edge.request("/api/users")
            .header("Authorization", "Bearer " + token)
            .header("traceparent", "00-" + traceId + "-b7ad6b7169203331-01"));
        this.edge.get("/api/users", AUTH.token(GatewayTestEnvironment.AUDIENCE).scope("users.write").clientId("observed")
            .build());
        this.edge.send(this.edge.request("/api/users"));

        // the scraper's certificate: metrics need one of the platform CA (ManagementSecurityIntegrationTests)
        HttpResponse<String> metrics = HttpClient.newBuilder()
            .sslContext(TestPki.platform().sslContext("prometheus"))
            .build()
            .send(HttpRequest.newBuilder(URI.create("https://localhost:" + this.managementPort
                    + "/actuator/prometheus")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(metrics.body())
            .containsPattern("portcullis_gateway_requests_seconds_count\\{client_id=\"observed\",outcome=\"relayed\","
                    + "route=\"users\",status=\"200\"\\} 1")
            .containsPattern("portcullis_gateway_requests_seconds_count\\{client_id=\"observed\","
                    + "outcome=\"forbidden\",route=\"users\",status=\"403\"\\} 1")
            .containsPattern("portcullis_gateway_requests_seconds_count\\{client_id=\"none\","
                    + "outcome=\"unauthenticated\",[^}]*status=\"401\"\\}")
            // the request and relay stay observed for their spans (the trace below), but are timed only once, by
            // portcullis_gateway_requests (ObservationMetersConfiguration); per-filter and per-command ones not at all
            .doesNotContain("http_server_requests_seconds")
            .doesNotContain("http_client_requests_seconds")
            // no turbo filter in front of every logging call for a counter nobody reads
            .doesNotContain("logback_events")
            .doesNotContain("spring_security_")
            .doesNotContain("lettuce_");
        // the access log is written in batches, at least every second (AccessLogBuffering)
        Awaitility.await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(
                output.getOut().lines().filter((line) -> line.contains("GET /api/users 200 relayed")))
            .singleElement()
            .satisfies((line) -> assertThat(line).contains("client_id=observed")
                .contains("trace_id=" + traceId)
                .contains("route=users")));
        assertThat(UPSTREAM.seen().get(0).header("traceparent")).contains(traceId);
    }

}
