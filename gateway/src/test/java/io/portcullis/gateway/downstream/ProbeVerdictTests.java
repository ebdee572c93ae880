package io.portcullis.gateway.downstream;

import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.TimeoutException;

import io.netty.channel.ConnectTimeoutException;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientRequestException;

import static org.assertj.core.api.Assertions.assertThat;

class ProbeVerdictTests {

    @Test
    void ofWhenNothingListensOnThePortThenRefused() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        Throwable failure = WebClient.create()
            .get()
            .uri("http://127.0.0.1:" + closedPort + "/actuator/health/readiness")
            .retrieve()
            .toBodilessEntity()
            .map((response) -> (Throwable) new AssertionError("answered " + response.getStatusCode()))
            .onErrorResume(Mono::just)
            .block(Duration.ofSeconds(10));

        assertThat(ProbeVerdict.of(failure)).as("%s", failure).isEqualTo(ProbeVerdict.REFUSED);
    }

    @Test
    void ofWhenTheProbeTimedOutThenUnanswered() {
        assertThat(ProbeVerdict.of(new TimeoutException("no answer within 500ms")))
            .isEqualTo(ProbeVerdict.UNANSWERED);
        // the probe's connect timeout: a ConnectException to the JDK, but no refusal
        assertThat(ProbeVerdict.of(new WebClientRequestException(
                new ConnectTimeoutException("connection timed out after 800 ms"), HttpMethod.GET,
                URI.create("https://localhost:7444/actuator/health/readiness"), new HttpHeaders())))
            .isEqualTo(ProbeVerdict.UNANSWERED);
    }

}
