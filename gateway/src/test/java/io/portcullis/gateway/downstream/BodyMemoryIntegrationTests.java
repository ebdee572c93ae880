package io.portcullis.gateway.downstream;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.netty.util.internal.PlatformDependent;
import io.portcullis.gateway.GatewayIntegrationTestSupport;
import io.portcullis.gateway.GatewayTestEnvironment;
import io.portcullis.gateway.RawHttp2Client;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a request's body keeps of the gateway's memory while it is read: its own bytes, not the buffers they came in,
 * nor what its {@code Content-Length} declares.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = { "PORTCULLIS_USERS_RATE=100000", "PORTCULLIS_USERS_BURST=100000" })
class BodyMemoryIntegrationTests extends GatewayIntegrationTestSupport {

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

    private static long heapUsed() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

}
