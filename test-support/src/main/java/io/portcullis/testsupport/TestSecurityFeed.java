package io.portcullis.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;

/**
 * A stand-in for the auth-server's security feed over TLS (the test PKI's auth-server certificate): a token
 * endpoint that answers any client, a snapshot that is held back until {@link #releaseSnapshot()}, and long polls
 * that answer "no news" after a moment. {@link #close()} makes the feed unreachable.
 */
public final class TestSecurityFeed implements AutoCloseable {

    private final HttpsServer server;

    private final CountDownLatch snapshotReleased = new CountDownLatch(1);

    private TestSecurityFeed() {
        try {
            this.server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            this.server.setHttpsConfigurator(new HttpsConfigurator(TestPki.platform().sslContext("auth-server")));
            this.server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
            this.server.createContext("/oauth2/token",
                    (exchange) -> answer(exchange, "{\"access_token\":\"stand-in\",\"expires_in\":300}"));
            this.server.createContext("/feed/v1/snapshot", (exchange) -> {
                try {
                    if (!this.snapshotReleased.await(10, TimeUnit.SECONDS)) {
                        exchange.sendResponseHeaders(503, -1);
                        exchange.close();
                        return;
                    }
                }
                catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                    return;
                }
                answer(exchange, "{\"last\":1,\"revokedTokens\":[],\"disabledClients\":[\"revoked-client\"]}");
            });
            this.server.createContext("/feed/v1/events", (exchange) -> {
                sleep(200);
                answer(exchange, "{\"last\":1,\"events\":[]}");
            });
            this.server.start();
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    public static TestSecurityFeed start() {
        return new TestSecurityFeed();
    }

    /** The feed's base URI, {@code https://localhost:<port>/feed/v1}. */
    public String feedUri() {
        return "https://localhost:" + this.server.getAddress().getPort() + "/feed/v1";
    }

    public String tokenUri() {
        return "https://localhost:" + this.server.getAddress().getPort() + "/oauth2/token";
    }

    /** Lets the snapshot requests (held until now) and all later ones be answered. */
    public void releaseSnapshot() {
        this.snapshotReleased.countDown();
    }

    @Override
    public void close() {
        this.snapshotReleased.countDown();
        this.server.stop(0);
    }

    /** Answers a stand-in endpoint with 200 and the given JSON body, then closes the exchange. */
    public static void answer(HttpExchange exchange, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

}
