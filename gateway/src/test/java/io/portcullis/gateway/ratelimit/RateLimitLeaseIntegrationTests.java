package io.portcullis.gateway.ratelimit;

import java.net.http.HttpResponse;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import io.portcullis.gateway.EdgeClient;
import io.portcullis.gateway.GatewayIntegrationTestSupport;
import io.portcullis.gateway.GatewayTestEnvironment;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Leases against the real Redis at 127.0.0.1:6379: a request costs 10 tokens of a 600-token bucket refilled at
 * 1 token/s, and a lease may hold 30 s of that rate (30 tokens, three requests), so refills cannot blur the counts.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = { "PORTCULLIS_USERS_RATE=1", "PORTCULLIS_USERS_BURST=600", "PORTCULLIS_USERS_REQUEST_COST=10",
                "portcullis.ratelimit.lease-window=30s" })
class RateLimitLeaseIntegrationTests extends GatewayIntegrationTestSupport {

    @Autowired
    ReactiveStringRedisTemplate redis;

    @Test
    void requestsWhenClientBusyThenTokensTakenFromRedisInLeasesAheadOfTheRequests() {
        String clientId = "busy-" + UUID.randomUUID();
        String token = token(clientId);

        for (int i = 0; i < 4; i++) {
            assertThat(this.edge.get("/api/users", token).statusCode()).isEqualTo(200);
        }

        // leases of 10, 20 and 30 tokens were taken for the 4 requests (40 tokens): 60 left Redis, not 40
        long inRedis = (long) Double.parseDouble(
                this.redis.opsForValue().get("request_rate_limiter.{users.client:" + clientId + "}.tokens").block());
        assertThat(inRedis).isBetween(540L, 545L);
        assertThat(UPSTREAM.seen()).hasSize(4);
    }

    @Test
    void requestsWhenClientSpendsItsWholeBurstThenExactlyTheBurstIsAdmittedThen429() {
        String token = token("greedy-" + UUID.randomUUID());
        long started = System.nanoTime();
        int admitted = 0;
        HttpResponse<String> response;
        while ((response = this.edge.get("/api/users", token)).statusCode() == 200 && admitted < 200) {
            admitted++;
        }
        long seconds = (System.nanoTime() - started) / 1_000_000_000L;

        // 600 tokens / 10 per request, plus what refilled (1 token/s) while the test ran: leases neither lose
        // tokens nor spend any Redis did not grant
        assertThat(admitted).isBetween(60, 60 + (int) (seconds + 1) / 10);
        assertThat(response.statusCode()).isEqualTo(429);
        assertThat(response.headers().firstValue("X-RateLimit-Remaining")).hasValueSatisfying(
                (remaining) -> assertThat(Integer.parseInt(remaining)).isLessThan(10));
        assertThat(UPSTREAM.seen()).hasSize(admitted);
    }

    @Test
    void requestsWhenClientSpendsItsBurstFromEightThreadsAtOnceThenNoTokenRedisGrantedIsRefused() throws Exception {
        String token = token("eager-" + UUID.randomUUID());
        AtomicInteger admitted = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        long started = System.nanoTime();
        try (ExecutorService threads = Executors.newFixedThreadPool(8)) {
            for (int t = 0; t < 8; t++) {
                threads.submit(() -> {
                    EdgeClient client = new EdgeClient(this.port);
                    for (int i = 0; i < 10; i++) {
                        int status = client.get("/api/users", token).statusCode();
                        (status == 200 ? admitted : refused).incrementAndGet();
                    }
                });
            }
        }
        assertThat(admitted.get() + refused.get()).isEqualTo(80);
        // a request refused while another one's lease was being recorded leaves that lease's tokens to the next
        for (int i = 0; i < 10 && this.edge.get("/api/users", token).statusCode() == 200; i++) {
            admitted.incrementAndGet();
        }
        long seconds = (System.nanoTime() - started) / 1_000_000_000L;

        // 60 requests' worth of tokens: concurrent leases neither lose nor double-spend any
        assertThat(admitted.get()).isBetween(60, 60 + (int) (seconds + 1) / 10);
    }

    private static String token(String clientId) {
        return AUTH.token(GatewayTestEnvironment.AUDIENCE).scope("users.read").clientId(clientId).build();
    }

}
