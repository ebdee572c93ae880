package io.portcullis.auth.token;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.portcullis.auth.client.JwksUriProperties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** The JWK Set fetch against a loopback stand-in of a client's key server. */
class RemoteJwkSetsTests {

    private HttpServer server;

    private final AtomicInteger requests = new AtomicInteger();

    private final AtomicInteger redirected = new AtomicInteger();

    private byte[] jwks;

    @BeforeEach
    void start() throws Exception {
        this.jwks = new JWKSet(new ECKeyGenerator(Curve.P_256).keyID("k").generate().toPublicJWK()).toString()
            .getBytes(StandardCharsets.UTF_8);
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        this.server.createContext("/jwks", (exchange) -> {
            this.requests.incrementAndGet();
            send(exchange, 200, this.jwks);
        });
        this.server.createContext("/redirect", (exchange) -> {
            this.requests.incrementAndGet();
            exchange.getResponseHeaders().add("Location", url("/target"));
            send(exchange, 302, new byte[0]);
        });
        this.server.createContext("/target", (exchange) -> {
            this.redirected.incrementAndGet();
            send(exchange, 200, this.jwks);
        });
        this.server.createContext("/large", (exchange) -> {
            this.requests.incrementAndGet();
            String padding = " ".repeat(300 * 1024);
            String body = padding + new String(this.jwks, StandardCharsets.UTF_8);
            send(exchange, 200, body.getBytes(StandardCharsets.UTF_8));
        });
        this.server.createContext("/slow", (exchange) -> {
            this.requests.incrementAndGet();
            exchange.sendResponseHeaders(200, 0);
            try {
                // a trickle: each byte within the socket timeout, the whole far beyond the deadline
                for (int i = 0; i < 20; i++) {
                    exchange.getResponseBody().write(' ');
                    exchange.getResponseBody().flush();
                    Thread.sleep(400);
                }
            }
            catch (InterruptedException | IOException ex) {
                // the client went away
            }
            exchange.close();
        });
        this.server.setExecutor(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor());
        this.server.start();
    }

    @AfterEach
    void stop() {
        this.server.stop(0);
    }

    @Test
    void fetchWhenLoopbackAllowedThenKeys() throws Exception {
        assertThat(remote(true).fetch(url("/jwks")).getKeyByKeyId("k")).isNotNull();
    }

    @Test
    void fetchWhenLoopbackNotAllowedThenRefusedBeforeConnecting() {
        RemoteJwkSets remote = remote(false);
        String byName = url("/jwks").replace("127.0.0.1", "localhost");

        assertThatExceptionOfType(IOException.class).isThrownBy(() -> remote.fetch(url("/jwks")));
        assertThatExceptionOfType(IOException.class).isThrownBy(() -> remote.fetch(byName));
        assertThat(this.requests).hasValue(0);
    }

    @Test
    void fetchWhenRedirectedThenNotFollowed() {
        assertThatExceptionOfType(IOException.class).isThrownBy(() -> remote(true).fetch(url("/redirect")))
            .withMessage("Answered 302");
        assertThat(this.requests).hasValue(1);
        assertThat(this.redirected).hasValue(0);
    }

    @Test
    void fetchWhenBodyLargerThanCapThenRefused() {
        assertThatExceptionOfType(IOException.class).isThrownBy(() -> remote(true).fetch(url("/large")))
            .withMessage("The JWK Set is larger than 262144 bytes");
    }

    @Test
    void fetchWhenHostTricklesThenGivenUpAtDeadline() {
        long start = System.nanoTime();

        assertThatExceptionOfType(IOException.class).isThrownBy(() -> remote(true).fetch(url("/slow")))
            .withMessage("No complete answer within 1000 ms");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(2500));
    }

    private RemoteJwkSets remote(boolean allowPrivate) {
        return new RemoteJwkSets(new JwksUriProperties(allowPrivate, Duration.ofSeconds(1), 262144,
                Duration.ofMinutes(5), Duration.ofSeconds(30), 4));
    }

    private String url(String path) {
        return "http://127.0.0.1:" + this.server.getAddress().getPort() + path;
    }

    private static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, (body.length == 0) ? -1 : body.length);
        if (body.length > 0) {
            exchange.getResponseBody().write(body);
        }
        exchange.close();
    }

}
