package io.portcullis.orders;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

import javax.net.ssl.SSLParameters;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsExchange;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import io.portcullis.testsupport.TestPki;

/**
 * Stands in for the user-service where a test needs only {@code GET /users/{id}}: HTTPS with mutual TLS required
 * (certificates of the test PKI), users added by the test, slow on demand. It records who asked (the client
 * certificate's DNS names) and with which {@code Authorization} header.
 */
public final class StandInUserService implements AutoCloseable {

    private final HttpsServer server;

    private final Map<UUID, String> users = new ConcurrentHashMap<>();

    private final List<Call> calls = new CopyOnWriteArrayList<>();

    private volatile Duration delay = Duration.ZERO;

    private volatile int refuseWith;

    private StandInUserService() {
        try {
            this.server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            this.server.setHttpsConfigurator(new HttpsConfigurator(TestPki.platform().sslContext("user-service")) {
                @Override
                public void configure(HttpsParameters parameters) {
                    SSLParameters ssl = getSSLContext().getDefaultSSLParameters();
                    ssl.setNeedClientAuth(true);
                    parameters.setSSLParameters(ssl);
                }
            });
            this.server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
            this.server.createContext("/users/", this::user);
            this.server.start();
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    public static StandInUserService start() {
        return new StandInUserService();
    }

    public int port() {
        return this.server.getAddress().getPort();
    }

    /** A user the stand-in knows, {@code ACTIVE} or {@code DISABLED}. */
    public UUID add(String status) {
        UUID id = UUID.randomUUID();
        this.users.put(id, status);
        return id;
    }

    /** Every answer waits this long first (a slow user-service). */
    public void delay(Duration delay) {
        this.delay = delay;
    }

    /** Every request is answered with this status and {@code Bearer error="invalid_token"}; 0 serves again. */
    public void refuseWith(int status) {
        this.refuseWith = status;
    }

    public List<Call> calls() {
        return List.copyOf(this.calls);
    }

    @Override
    public void close() {
        this.server.stop(0);
    }

    private void user(HttpExchange exchange) throws IOException {
        this.calls.add(new Call(exchange.getRequestHeaders().getFirst("Authorization"), callerNames(exchange)));
        sleep(this.delay);
        if (this.refuseWith != 0) {
            exchange.getResponseHeaders().add("WWW-Authenticate", "Bearer error=\"invalid_token\"");
            respond(exchange, this.refuseWith, "{}");
            return;
        }
        String id = exchange.getRequestURI().getPath().substring("/users/".length());
        String status = this.users.get(UUID.fromString(id));
        if (status == null) {
            respond(exchange, 404, "{\"status\":404,\"detail\":\"No user has this id\"}");
            return;
        }
        respond(exchange, 200, "{\"id\":\"" + id + "\",\"username\":\"someone\",\"email\":\"someone@example.com\","
                + "\"displayName\":\"Someone\",\"status\":\"" + status + "\",\"version\":0}");
    }

    private static void respond(HttpExchange exchange, int status, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", (status == 200) ? "application/json"
                : "application/problem+json");
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }

    private static List<String> callerNames(HttpExchange exchange) {
        try {
            X509Certificate certificate = (X509Certificate) ((HttpsExchange) exchange).getSSLSession()
                .getPeerCertificates()[0];
            return certificate.getSubjectAlternativeNames()
                .stream()
                .filter((name) -> (Integer) name.get(0) == 2)
                .map((name) -> (String) name.get(1))
                .toList();
        }
        catch (javax.net.ssl.SSLPeerUnverifiedException | CertificateParsingException ex) {
            return List.of();
        }
    }

    private static void sleep(Duration delay) {
        try {
            Thread.sleep(delay);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

    /** One request: its {@code Authorization} header and the DNS names of the caller's certificate. */
    public record Call(String authorization, List<String> callerNames) {
    }

}
