package io.portcullis.gateway.ratelimit;

import java.net.http.HttpResponse;
import java.util.UUID;

import io.micrometer.core.instrument.MeterRegistry;
import io.portcullis.gateway.GatewayIntegrationTestSupport;
import io.portcullis.gateway.GatewayTestEnvironment;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/** Per-client limits counted in the real Redis at 127.0.0.1:6379. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        // three requests of burst, then one request per 20 s: no refill can blur the count while the test runs
        properties = { "PORTCULLIS_USERS_RATE=1", "PORTCULLIS_USERS_BURST=60", "PORTCULLIS_USERS_REQUEST_COST=20" })
class RateLimitIntegrationTests extends GatewayIntegrationTestSupport {

    @Autowired
    MeterRegistry registry;

    @Autowired
    ReactiveStringRedisTemplate redis;

    @Test
    void requestWhenClientOverItsLimitThen429WithRetryAfterAndOtherClientsUnaffected() {
        double redisFailuresBefore = redisFailures();
        String greedyId = "greedy-" + UUID.randomUUID();
        String greedy = token(greedyId);
        String polite = token("polite-" + UUID.randomUUID());

        for (int i = 0; i < 3; i++) {
            assertThat(this.edge.get("/api/users", greedy).statusCode()).isEqualTo(200);
        }
        HttpResponse<String> limited = this.edge.get("/api/users", greedy);

        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(limited.headers().firstValue("Retry-After")).hasValue("20");
        // tokens keep refilling at 1/s: what is left is less than the 20 one request costs
        assertThat(limited.headers().firstValue("X-RateLimit-Remaining")).hasValueSatisfying(
                (remaining) -> assertThat(Integer.parseInt(remaining)).isLessThan(20));
        assertThat(UPSTREAM.seen()).hasSize(3);
        assertThat(this.edge.get("/api/users", polite).statusCode()).isEqualTo(200);

        // counted in Redis, not by the in-memory fallback (which would give the same answers on one instance)
        assertThat(redisFailures()).isEqualTo(redisFailuresBefore);
        assertThat(this.redis.hasKey("request_rate_limiter.{users.client:" + greedyId + "}.tokens").block())
            .isTrue();
    }

    private double redisFailures() {
        return this.registry.get("portcullis.gateway.ratelimit.redis.failures").counter().count();
    }

    private static String token(String clientId) {
        return AUTH.token(GatewayTestEnvironment.AUDIENCE).scope("users.read").clientId(clientId).build();
    }

}
