package io.portcullis.gateway.ratelimit;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;

import io.micrometer.core.instrument.MeterRegistry;
import io.portcullis.gateway.EdgeClient;
import io.portcullis.gateway.GatewayTestEnvironment;
import io.portcullis.gateway.TestUpstream;
import io.portcullis.testsupport.TestAuthorizationServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Redis away: the route's limits are counted by this instance alone (the default policy), the failures counted and
 * logged; Redis back (a real redis-server started on the port meanwhile): limits are counted by Redis again without
 * restarting the gateway.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class RedisOutageIntegrationTests {

    static final TestAuthorizationServer AUTH = TestAuthorizationServer.start();

    static final TestUpstream UPSTREAM = new TestUpstream();

    static final int REDIS_PORT = freePort();

    static Process redis;

    @DynamicPropertySource
    static void environment(DynamicPropertyRegistry registry) {
        GatewayTestEnvironment.register(registry, AUTH, UPSTREAM);
        registry.add("spring.data.redis.port", () -> REDIS_PORT);
        registry.add("PORTCULLIS_USERS_RATE", () -> 1);
        registry.add("PORTCULLIS_USERS_BURST", () -> 2);
    }

    @AfterAll
    static void stop() {
        AUTH.close();
        UPSTREAM.close();
        if (redis != null) {
            redis.destroy();
        }
    }

    @LocalServerPort
    int port;

    @Autowired
    MeterRegistry registry;

    @Autowired
    ReactiveStringRedisTemplate redisTemplate;

    @Test
    void requestWhenRedisDownThenLimitedByThisInstanceAndWhenRedisBackThenByRedisAgain() throws IOException {
        EdgeClient edge = new EdgeClient(this.port);
        String token = AUTH.token(GatewayTestEnvironment.AUDIENCE)
            .scope("users.read")
            .clientId("client-" + UUID.randomUUID())
            .build();

        HttpResponse<String> first = edge.get("/api/users", token);
        HttpResponse<String> second = edge.get("/api/users", token);
        HttpResponse<String> third = edge.get("/api/users", token);

        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.headers().firstValue("X-RateLimit-Remaining")).hasValue("1");
        assertThat(second.statusCode()).isEqualTo(200);
        assertThat(third.statusCode()).isEqualTo(429);
        assertThat(third.headers().firstValue("Retry-After")).hasValue("1");
        assertThat(this.registry.counter("portcullis.gateway.ratelimit.redis.failures").count()).isGreaterThanOrEqualTo(3);

        redis = new ProcessBuilder("redis-server", "--port", Integer.toString(REDIS_PORT), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no")
            .redirectOutput(Path.of("target", "redis-outage-test.log").toFile())
            .redirectErrorStream(true)
            .start();

        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
            HttpResponse<String> response = edge.get("/api/users", token);
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("X-RateLimit-Remaining")).hasValueSatisfying(
                    (remaining) -> assertThat(Integer.parseInt(remaining)).isGreaterThanOrEqualTo(0));
        });
        // back on Redis's counts: no more failures, and the client's bucket lives in Redis
        double failures = this.registry.counter("portcullis.gateway.ratelimit.redis.failures").count();
        edge.get("/api/users", token);
        assertThat(this.registry.counter("portcullis.gateway.ratelimit.redis.failures").count()).isEqualTo(failures);
        assertThat(this.redisTemplate.keys("request_rate_limiter.{users.client:*").collectList().block()).isNotEmpty();
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
        catch (IOException ex) {
            throw new IllegalStateException(ex);
        }
    }

}
