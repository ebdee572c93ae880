package io.portcullis.gateway.ratelimit;

import java.net.http.HttpResponse;
import java.util.UUID;

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

/** Per-client limits counted in the real Redis at 127.0.0.1:6379. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        // three requests of burst, then one request per 20 s: no refill can blur the count while the test runs
        properties = { "PORTCULLIS_USERS_RATE=1", "PORTCULLIS_USERS_BURST=60", "PORTCULLIS_USERS_REQUEST_COST=20" })
@ActiveProfiles("test")
class RateLimitIntegrationTests {

    static final TestAuthorizationServer AUTH = TestAuthorizationServer.start();

    static final TestUpstream UPSTREAM = new TestUpstream();

    @DynamicPropertySource
    static void environment(DynamicPropertyRegistry registry) {
        GatewayTestEnvironment.register(registry, AUTH, UPSTREAM);
    }

    @AfterAll
    static void stop() {
        AUTH.close();
        UPSTREAM.close();
    }

    @LocalServerPort
    int port;

    @Test
    void requestWhenClientOverItsLimitThen429WithRetryAfterAndOtherClientsUnaffected() {
        EdgeClient edge = new EdgeClient(this.port);
        String greedy = token("greedy-" + UUID.randomUUID());
        String polite = token("polite-" + UUID.randomUUID());

        for (int i = 0; i < 3; i++) {
            assertThat(edge.get("/api/users", greedy).statusCode()).isEqualTo(200);
        }
        HttpResponse<String> limited = edge.get("/api/users", greedy);

        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(limited.headers().firstValue("Retry-After")).hasValue("20");
        assertThat(limited.headers().firstValue("X-RateLimit-Remaining")).hasValue("0");
        assertThat(UPSTREAM.seen()).hasSize(3);
        assertThat(edge.get("/api/users", polite).statusCode()).isEqualTo(200);
    }

    private static String token(String clientId) {
        return AUTH.token(GatewayTestEnvironment.AUDIENCE).scope("users.read").clientId(clientId).build();
    }

}
