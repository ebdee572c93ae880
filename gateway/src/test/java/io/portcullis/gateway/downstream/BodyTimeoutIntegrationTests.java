package io.portcullis.gateway.downstream;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import javax.net.ssl.SSLSocket;

import io.micrometer.core.instrument.MeterRegistry;
import io.portcullis.gateway.GatewayIntegrationTestSupport;
import io.portcullis.gateway.GatewayTestEnvironment;
import io.portcullis.gateway.RawHttp2Client;
import io.portcullis.testsupport.TestPki;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A request body that does not arrive whole in time ({@code portcullis.downstream.body-timeout}) is answered 408 and
 * gives back what it held of the budget of bodies arriving: a client that stops in the middle of its body, or sends
 * it a byte now and then, holds nothing for longer than that.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = { "PORTCULLIS_USERS_RATE=100000", "PORTCULLIS_USERS_BURST=100000", "PORTCULLIS_BODY_TIMEOUT=1s" })
@ExtendWith(OutputCaptureExtension.class)
class BodyTimeoutIntegrationTests extends GatewayIntegrationTestSupport {

    @Autowired
    MeterRegistry meters;

    @Test
    void bodyWhenItComesAByteNowAndThenOverHttp2ThenTooSlowAndNotRelayed(CapturedOutput output)
            throws InterruptedException {
        try (RawHttp2Client client = new RawHttp2Client(this.port)) {
            client.headers(1, "POST", "/api/users", upload("trickle", "Content-Length", "100000"), false);
            // a byte every 200 ms: never silent for long, and whole only after 20 s
            for (int piece = 0; piece < 10; piece++) {
                client.data(1, "{", false);
                Thread.sleep(200);
            }
            assertThat(client.awaitStatus(1)).isEqualTo(408);

            // the connection serves the client's next request
            client.headers(3, "GET", "/api/users", Map.of("Authorization", authorization()), true);
            assertThat(client.awaitStatus(3)).isEqualTo(200);
        }
        awaitNothingArriving();
        awaitAccessLine(output, "POST /api/users 408 too_slow .*request_id=trickle ");
        assertThat(UPSTREAM.seen()).singleElement().satisfies((seen) -> assertThat(seen.method()).isEqualTo("GET"));
    }

    @Test
    void bodyWhenItStopsShortOverHttp2WithoutADeclaredLengthThenTooSlowAndNotRelayed(CapturedOutput output) {
        try (RawHttp2Client client = new RawHttp2Client(this.port)) {
            // no Content-Length: only the open stream says that a body follows
            client.headers(1, "POST", "/api/users", upload("undeclared"), false);
            client.data(1, "{\"name\":", false);
            Awaitility.await()
                .atMost(Duration.ofSeconds(5))
                .until(() -> this.meters.get("portcullis.gateway.bodies.arriving").gauge().value() > 0);

            assertThat(client.awaitStatus(1)).isEqualTo(408);
        }
        awaitNothingArriving();
        awaitAccessLine(output, "POST /api/users 408 too_slow .*request_id=undeclared ");
        assertThat(UPSTREAM.seen()).isEmpty();
    }

    @Test
    void bodyWhenDeclaredEmptyOverHttp2ButTheStreamStaysOpenThenTooSlow(CapturedOutput output) {
        // Content-Length: 0 and no END_STREAM: the body ends only with the stream, which the client keeps open
        try (RawHttp2Client client = new RawHttp2Client(this.port)) {
            client.headers(1, "POST", "/api/users", upload("declared-empty", "Content-Length", "0"), false);

            assertThat(client.awaitStatus(1)).isEqualTo(408);
        }
        awaitAccessLine(output, "POST /api/users 408 too_slow .*request_id=declared-empty ");
        assertThat(UPSTREAM.seen()).isEmpty();
    }

    @Test
    void bodyWhenItStopsShortOverHttp11ThenTooSlowAndConnectionClosed(CapturedOutput output) throws IOException {
        try (SSLSocket socket = (SSLSocket) TestPki.platform()
            .trustOnlySslContext()
            .getSocketFactory()
            .createSocket("localhost", this.port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            // the idle timeout counts only between requests: nothing else would end this one
            out.write(("POST /api/users HTTP/1.1\r\nHost: localhost\r\nAuthorization: " + authorization()
                    + "\r\nContent-Type: application/json\r\nX-Request-Id: stopped\r\nContent-Length: 100000\r\n\r\n"
                    + "{\"name\":").getBytes(StandardCharsets.ISO_8859_1));
            out.flush();

            String answer = readToEnd(socket.getInputStream());
            assertThat(answer).startsWith("HTTP/1.1 408 ");
            assertThat(answer.toLowerCase()).contains("\r\nconnection: close\r\n")
                .contains("\r\ncontent-type: application/problem+json\r\n");
        }
        awaitNothingArriving();
        awaitAccessLine(output, "POST /api/users 408 too_slow .*request_id=stopped ");
        assertThat(UPSTREAM.seen()).isEmpty();
    }

    @Test
    void bodyWhenItArrivesInTimeThenRelayed() {
        // what the deadline must leave alone: a body sent at once, and a request without one
        assertThat(this.edge.send(this.edge.request("/api/users")
            .header("Authorization", authorization())
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"in time\"}"))).statusCode())
            .isEqualTo(200);
        assertThat(this.edge.get("/api/users", authorization().substring("Bearer ".length())).statusCode())
            .isEqualTo(200);
        assertThat(UPSTREAM.seen()).hasSize(2);
    }

    private static Map<String, String> upload(String requestId, String... more) {
        Map<String, String> headers = new HashMap<>(Map.of("Authorization", authorization(), "Content-Type",
                "application/json", "X-Request-Id", requestId));
        for (int i = 0; i < more.length; i += 2) {
            headers.put(more[i], more[i + 1]);
        }
        return headers;
    }

    private static String authorization() {
        return "Bearer " + AUTH.token(GatewayTestEnvironment.AUDIENCE).scope("users.read users.write").build();
    }

    /** Everything the server sends until it closes the connection; fails if it does not within the socket's timeout. */
    private static String readToEnd(InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    private void awaitNothingArriving() {
        Awaitility.await()
            .atMost(Duration.ofSeconds(5))
            .until(() -> this.meters.get("portcullis.gateway.bodies.arriving").gauge().value() == 0);
    }

    private static void awaitAccessLine(CapturedOutput output, String pattern) {
        Awaitility.await()
            .atMost(Duration.ofSeconds(5))
            .untilAsserted(() -> assertThat(output).containsPattern(pattern));
    }

}
