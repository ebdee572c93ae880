package io.portcullis.gateway.downstream;

import java.net.http.HttpResponse;
import java.time.Duration;

import io.portcullis.gateway.EdgeClient;
import io.portcullis.gateway.GatewayTestEnvironment;
import io.portcullis.gateway.TestUpstream;
import io.portcullis.testsupport.TestAuthorizationServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/** Two instances behind one route: spread, survive one going away, fail fast and cleanly when all are gone. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = { "portcullis.downstream.circuit-breaker.minimum-calls=4",
                "portcullis.downstream.circuit-breaker.sliding-window-size=4",
                "portcullis.downstream.circuit-breaker.open-for=30s", "spring.cloud.loadbalancer.cache.enabled=false" })
@ActiveProfiles("test")
class ResilienceIntegrationTests {

    static final TestAuthorizationServer AUTH = TestAuthorizationServer.start();

    static final TestUpstream FIRST = new TestUpstream();

    static final TestUpstream SECOND = new TestUpstream();

    @DynamicPropertySource
    static void environment(DynamicPropertyRegistry registry) {
        GatewayTestEnvironment.register(registry, AUTH, FIRST, SECOND);
    }

    @AfterAll
    static void stop() {
        AUTH.close();
        FIRST.close();
        SECOND.close();
    }

    @LocalServerPort
    int port;

    @Test
    void requestsWhenOneInstanceStopsThenStillServedAndWhenAllStopThenFast503() {
        EdgeClient edge = new EdgeClient(this.port);
        String token = AUTH.token(GatewayTestEnvironment.AUDIENCE).scope("users.read").build();

        for (int i = 0; i < 10; i++) {
            assertThat(edge.get("/api/users", token).statusCode()).isEqualTo(200);
        }
        assertThat(FIRST.seen()).isNotEmpty();
        assertThat(SECOND.seen()).isNotEmpty();

        FIRST.close();
        for (int i = 0; i < 10; i++) {
            assertThat(edge.get("/api/users", token).statusCode()).as("request %d with one instance", i)
                .isEqualTo(200);
        }

        SECOND.close();
        HttpResponse<String> unavailable = edge.get("/api/users", token);
        assertThat(unavailable.statusCode()).isEqualTo(503);
        assertThat(unavailable.headers().firstValue("Content-Type")).hasValueSatisfying(
                (type) -> assertThat(type).startsWith("application/problem+json"));
        assertThat(unavailable.headers().firstValue("Retry-After")).hasValue("5");
        for (int i = 0; i < 5; i++) {
            edge.get("/api/users", token);
        }
        long started = System.nanoTime();
        assertThat(edge.get("/api/users", token).statusCode()).isEqualTo(503);
        // the breaker is open now: the answer comes without trying the instances
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(500));
    }

}
