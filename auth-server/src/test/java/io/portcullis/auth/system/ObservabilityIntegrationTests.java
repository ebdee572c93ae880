package io.portcullis.auth.system;

import io.portcullis.auth.AuthServerIntegrationTestSupport;
import java.net.http.HttpRequest;

import io.portcullis.auth.OAuthClient;
import io.portcullis.auth.client.TestClients;
import io.portcullis.testsupport.TestPki;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

@TestPropertySource(properties = "logging.structured.format.console=ecs")
@ExtendWith(OutputCaptureExtension.class)
class ObservabilityIntegrationTests extends AuthServerIntegrationTestSupport {

    @LocalManagementPort
    int managementPort;

    OAuthClient management;

    @BeforeEach
    void setUp() {
        // the scraper's certificate: everything but the probes needs one of the platform CA
        this.management = new OAuthClient("https://localhost:" + this.managementPort,
                TestPki.platform().sslContext("prometheus"));
    }

    @Test
    void probesWhenDatabaseUpThenReadyAndLiveOnManagementPortOnly() {
        assertThat(this.management.get("/actuator/health/readiness").body()).contains("\"status\":\"UP\"");
        assertThat(this.management.get("/actuator/health/liveness").status()).isEqualTo(200);
        assertThat(this.oauth.get("/actuator/health").status()).isEqualTo(401);
        assertThat(this.oauth.get("/actuator/prometheus").status()).isEqualTo(401);
    }

    @Test
    void prometheusWhenTokensIssuedAndRefusedThenCountedByClientAndReason() {
        TestClients.Created client = save(TestClients.confidential().defaultScopes("users.read"));
        this.oauth.accessToken(client.clientId(), client.secret());
        this.oauth.accessToken(client.clientId(), client.secret());
        this.oauth.token(client.clientId(), client.secret(), "scope", "users.write");
        this.oauth.token("made-up-client", "secret");

        String metrics = this.management.get("/actuator/prometheus").body();

        assertThat(metrics).contains("portcullis_tokens_issued_total{client_id=\"" + client.clientId() + "\"} 2.0")
            .contains("portcullis_tokens_refused_total{client_id=\"" + client.clientId()
                    + "\",reason=\"invalid_scope\"} 1.0")
            .contains("portcullis_tokens_refused_total{client_id=\"unknown\",reason=\"invalid_client\"} 1.0")
            .doesNotContain("made-up-client")
            .containsPattern("http_server_requests_seconds_count\\{[^}]*uri=\"/oauth2/token\"");
    }

    @Test
    void prometheusWhenTokenIssuedThenRequestTimedButNoSpringSecurityObservations() {
        TestClients.Created client = save(TestClients.confidential().defaultScopes("users.read"));
        this.oauth.accessToken(client.clientId(), client.secret());

        String metrics = this.management.get("/actuator/prometheus").body();

        // the per-filter observations cost the token endpoint more than its JSON (SystemConfiguration)
        assertThat(metrics).containsPattern("http_server_requests_seconds_count\\{[^}]*uri=\"/oauth2/token\"")
            .doesNotContain("spring_security_filterchains")
            .doesNotContain("spring_security_authentications");
    }

    @Test
    void logWhenTokenRefusedThenLineCarriesTraceIdAndClientId(CapturedOutput output) {
        TestClients.Created client = save(TestClients.confidential().defaultScopes("users.read"));
        String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";

        this.oauth.send(HttpRequest.newBuilder(this.oauth.uri("/oauth2/token"))
            .header("Authorization", OAuthClient.basic(client.clientId(), client.secret()))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .header("traceparent", "00-" + traceId + "-00f067aa0ba902b7-01")
            .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials&scope=users.write")));

        assertThat(output.getOut().lines().filter((line) -> line.contains("Refused /oauth2/token request")))
            .singleElement()
            .satisfies((line) -> assertThat(line).contains("\"traceId\":\"" + traceId + "\"")
                .contains("\"client_id\":\"" + client.clientId() + "\"")
                .startsWith("{"));
    }

}
