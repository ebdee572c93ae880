package io.portcullis.gateway.downstream;

import java.lang.management.ManagementFactory;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.MeterRegistry;
import io.netty.util.internal.PlatformDependent;
import io.portcullis.gateway.GatewayIntegrationTestSupport;
import io.portcullis.gateway.GatewayTestEnvironment;
import io.portcullis.gateway.RawHttp2Client;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a request's body keeps of the gateway's memory while it is read: its own bytes, not the buffers they came in,
 * nor what its {@code Content-Length} declares; and what the bodies arriving may hold together (64 KB here), and
 * those of one client (40 KB).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = { "PORTCULLIS_USERS_RATE=100000", "PORTCULLIS_USERS_BURST=100000",
                "PORTCULLIS_MAX_ARRIVING_BODIES=64KB", "PORTCULLIS_MAX_ARRIVING_BODIES_PER_CLIENT=40KB" })
class BodyMemoryIntegrationTests extends GatewayIntegrationTestSupport {

    @Autowired
    MeterRegistry meters;

    private static final int CONNECTIONS = 8;

    private static final int STREAMS = 90;

    private static final int PIECES = 4;

    private static final int IGNORED = 16_000;

    @Test
    void bodyWhenItArrivesAByteAtATimeThenHeldMemoryIsNotTheBuffersItCameIn() throws InterruptedException {
        // each byte of the bodies in its own TLS record with 16 KB of a frame the server ignores: read from the
        // record's buffer as a slice, a byte kept the whole buffer for as long as it was held (45 MB here before)
        String authorization = "Bearer " + AUTH.token(GatewayTestEnvironment.AUDIENCE).scope("users.read users.write").build();
        // a declared length near the limit (1 MB): what is held may follow what arrived, never what was declared
        Map<String, String> upload = Map.of("Authorization", authorization, "Content-Type", "application/json",
                "Content-Length", "1000000");
        System.gc();
        long before = PlatformDependent.usedDirectMemory();
        long heapBefore = heapUsed();
        List<RawHttp2Client> clients = new ArrayList<>();
        try {
            for (int connection = 0; connection < CONNECTIONS; connection++) {
                RawHttp2Client client = new RawHttp2Client(this.port);
                clients.add(client);
                for (int stream = 1; stream < 2 * STREAMS; stream += 2) {
                    client.headers(stream, "POST", "/api/users", upload, false);
                    for (int piece = 0; piece < PIECES; piece++) {
                        client.dataAndIgnored(stream, "{", IGNORED);
                    }
                }
            }
            long sent = (long) CONNECTIONS * STREAMS * PIECES * IGNORED;
            // the last client's records read and its bodies' pieces handed on: a request on it is answered
            clients.getLast().headers(2 * STREAMS + 1, "GET", "/api/users", Map.of("Authorization", authorization), true);
            assertThat(clients.getLast().awaitStatus(2 * STREAMS + 1)).isEqualTo(200);
            Thread.sleep(Duration.ofMillis(500));
            long held = PlatformDependent.usedDirectMemory() - before;
            long heapHeld = heapUsed() - heapBefore;

            // what the pool grows by for these connections with no body at all is about 10 MB
            assertThat(held).as("direct memory held for %d bytes of bodies in %d bytes sent",
                    CONNECTIONS * STREAMS * PIECES, sent).isLessThan(sent / 2);
            // 720 MB if each body's array were sized from its declared length
            assertThat(heapHeld).as("heap held for %d bodies of %d bytes each", CONNECTIONS * STREAMS, PIECES)
                .isLessThan(100_000_000L);
        }
        finally {
            clients.forEach(RawHttp2Client::close);
        }
        assertThat(UPSTREAM.seen()).singleElement().satisfies((seen) -> assertThat(seen.method()).isEqualTo("GET"));
    }

    @Test
    void bodyWhenTheBodiesArrivingHoldTheBudgetThenUnavailableUntilOneOfThemEnds() {
        String first = bearer("uploader-one");
        String second = bearer("uploader-two");
        try (RawHttp2Client slow = new RawHttp2Client(this.port)) {
            // two clients' bodies that go no further, 32,000 bytes each (within each one's share): 64,000 of 65,536
            holdStalled(slow, 1, first, 2);
            holdStalled(slow, 3, second, 2);
            awaitArriving(64_000);

            assertRefused(this.edge.send(upload(bearer("uploader-three"))), 503);
            assertThat(UPSTREAM.seen()).isEmpty();

            slow.reset(1);
            slow.reset(3);
            awaitArriving(0);
        }
        assertThat(this.edge.send(upload(bearer("uploader-three"))).statusCode()).isEqualTo(200);
        assertThat(UPSTREAM.seen()).singleElement().satisfies((seen) -> assertThat(seen.method()).isEqualTo("POST"));
    }

    @Test
    void bodyWhenOneClientsBodiesHoldItsShareThenItsNextIsRefusedAndOtherClientsUploadsGoOn() {
        String hog = bearer("slow-uploader");
        String other = bearer("other-uploader");
        try (RawHttp2Client slow = new RawHttp2Client(this.port)) {
            holdStalled(slow, 1, hog, 2);
            awaitArriving(32_000);

            // 32,000 held and a 10 KB body: beyond the client's 40 KB share, though the budget has room
            HttpResponse<String> refused = this.edge.send(upload(hog));
            HttpResponse<String> served = this.edge.send(upload(other));

            assertRefused(refused, 429);
            assertThat(refused.body()).contains("Too many request bodies of this client are arriving at once");
            assertThat(served.statusCode()).isEqualTo(200);
            assertThat(this.meters.get("portcullis.gateway.bodies.arriving").gauge().value()).isEqualTo(32_000);
            // the gateway's own 429, not the rate limiter's: its own outcome (the rate-limit alert counts those)
            Awaitility.await()
                .atMost(Duration.ofSeconds(5))
                .until(() -> this.meters.find("portcullis.gateway.requests")
                    .tags("client_id", "slow-uploader", "outcome", "too_many_bodies")
                    .timer() != null);

            slow.reset(1);
            awaitArriving(0);
        }
        assertThat(this.edge.send(upload(hog)).statusCode()).isEqualTo(200);
        assertThat(UPSTREAM.seen()).hasSize(2);
    }

    /** A body of {@code pieces} × 16,000 bytes on {@code stream} that goes no further (of 100,000 declared). */
    private static void holdStalled(RawHttp2Client client, int stream, String authorization, int pieces) {
        client.headers(stream, "POST", "/api/users", Map.of("Authorization", authorization, "Content-Type",
                "application/json", "Content-Length", "100000"), false);
        for (int piece = 0; piece < pieces; piece++) {
            client.data(stream, "a".repeat(16_000), false);
        }
    }

    /** Refused with {@code status} as a problem, to be retried in a second. */
    private static void assertRefused(HttpResponse<String> response, int status) {
        assertThat(response.statusCode()).isEqualTo(status);
        assertThat(response.headers().firstValue("Retry-After")).hasValue("1");
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    }

    private void awaitArriving(double bytes) {
        Awaitility.await()
            .atMost(Duration.ofSeconds(5))
            .until(() -> this.meters.get("portcullis.gateway.bodies.arriving").gauge().value() == bytes);
    }

    private static String bearer(String clientId) {
        return "Bearer " + AUTH.token(GatewayTestEnvironment.AUDIENCE).clientId(clientId).scope("users.write").build();
    }

    private HttpRequest.Builder upload(String authorization) {
        return this.edge.request("/api/users")
            .header("Authorization", authorization)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"" + "b".repeat(10_000) + "\"}"));
    }

    private static long heapUsed() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

}
