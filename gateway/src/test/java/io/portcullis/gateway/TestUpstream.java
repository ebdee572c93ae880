package io.portcullis.gateway;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;

import javax.net.ssl.SSLPeerUnverifiedException;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsExchange;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import io.portcullis.testsupport.TestPki;

/**
 * A service behind the gateway that insists on mutual TLS (platform CA) and records every request it sees, so
 * tests can assert what reached it, and that a refused request reached nothing. It answers the gateway's readiness
 * probe on {@code /actuator/health/readiness} (on its one port, which its {@link #uri()} names as management port;
 * probes are not recorded), echoes the {@code X-Request-Id} it is sent, and can be made not ready, made to accept requests and never answer, made to read requests
 * and close the connection without answering (an instance dying mid-request), stopped and started again on the
 * same port.
 */
public final class TestUpstream implements AutoCloseable {

    /** A request header whose value the service answers as its {@code Location}, as a service that created it. */
    public static final String LOCATION_TO_ANSWER = "X-Test-Location";

    private static final String READINESS = "/actuator/health/readiness";

    private final List<Seen> seen = new CopyOnWriteArrayList<>();

    private final int port;

    private volatile HttpsServer server;

    private volatile boolean ready = true;

    private volatile CountDownLatch hanging = new CountDownLatch(0);

    private volatile boolean dropping;

    public TestUpstream() {
        this.server = start(0);
        this.port = this.server.getAddress().getPort();
    }

    private HttpsServer start(int port) {
        try {
            HttpsServer server = HttpsServer.create(new InetSocketAddress("127.0.0.1", port), 0);
            server.setHttpsConfigurator(new HttpsConfigurator(TestPki.platform().sslContext("user-service")) {
                @Override
                public void configure(HttpsParameters parameters) {
                    parameters.setNeedClientAuth(true);
                }
            });
            server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
            server.createContext("/", this::handle);
            server.start();
            return server;
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        if (exchange.getRequestURI().getPath().equals(READINESS)) {
            respond(exchange, this.ready ? 200 : 503, this.ready ? "{\"status\":\"UP\"}" : "{\"status\":\"DOWN\"}");
            return;
        }
        String peer;
        try {
            peer = ((HttpsExchange) exchange).getSSLSession().getPeerPrincipal().getName();
        }
        catch (SSLPeerUnverifiedException ex) {
            peer = "";
        }
        byte[] body = exchange.getRequestBody().readAllBytes();
        this.seen.add(new Seen(exchange.getRequestMethod(), exchange.getRequestURI().toString(),
                Map.copyOf(exchange.getRequestHeaders()), peer, new String(body, StandardCharsets.UTF_8)));
        if (this.dropping) {
            // closing an exchange that sent no response headers closes its connection: the caller sees the
            // connection end after it sent the whole request and before any answer
            exchange.close();
            return;
        }
        try {
            this.hanging.await();
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
        // as the platform's services do: the request id they were sent goes back on the answer
        String requestId = exchange.getRequestHeaders().getFirst("X-Request-Id");
        if (requestId != null) {
            exchange.getResponseHeaders().add("X-Request-Id", requestId);
        }
        String location = exchange.getRequestHeaders().getFirst(LOCATION_TO_ANSWER);
        if (location != null) {
            exchange.getResponseHeaders().add("Location", location);
        }
        respond(exchange, 200, "{\"ok\":true}");
    }

    private static void respond(HttpExchange exchange, int status, String text) throws IOException {
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }

    /** The base URI as the gateway is configured with it, naming the port the readiness probe asks. */
    public String uri() {
        return "https://localhost:" + this.port + "?management-port=" + this.port;
    }

    /** The instance's name at the gateway (metrics, access log). */
    public String instance() {
        return "localhost:" + this.port;
    }

    public List<Seen> seen() {
        return List.copyOf(this.seen);
    }

    public void forget() {
        this.seen.clear();
    }

    /** Whether the readiness probe passes. */
    public void ready(boolean ready) {
        this.ready = ready;
    }

    /** Requests are accepted and read but not answered until {@link #answer()} (the probe still passes). */
    public void hang() {
        this.hanging = new CountDownLatch(1);
    }

    public void answer() {
        this.hanging.countDown();
    }

    /**
     * Whether requests are read whole and then answered by closing the connection (the probe still passes): what
     * the gateway sees of an instance killed while it handled the request.
     */
    public void drop(boolean dropping) {
        this.dropping = dropping;
    }

    /** Listens again on the same port after {@link #close()}; nothing when it is listening. */
    public synchronized void restart() {
        if (this.server == null) {
            this.server = start(this.port);
        }
    }

    @Override
    public synchronized void close() {
        answer();
        if (this.server != null) {
            this.server.stop(0);
            this.server = null;
        }
    }

    /** A request as the service received it; header names as the JDK server normalises them. */
    public record Seen(String method, String uri, Map<String, List<String>> headers, String clientCertificate,
            String body) {

        public String header(String name) {
            for (Map.Entry<String, List<String>> entry : this.headers.entrySet()) {
                if (entry.getKey().equalsIgnoreCase(name)) {
                    return String.join(",", entry.getValue());
                }
            }
            return null;
        }

    }

}
