package io.portcullis.gateway;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.net.ssl.SSLPeerUnverifiedException;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsExchange;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import io.portcullis.testsupport.TestPki;

/**
 * A service behind the gateway that insists on mutual TLS (platform CA) and records every request it sees, so
 * tests can assert what reached it, and that a refused request reached nothing.
 */
public final class TestUpstream implements AutoCloseable {

    private final HttpsServer server;

    private final List<Seen> seen = new CopyOnWriteArrayList<>();

    public TestUpstream() {
        try {
            this.server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            this.server.setHttpsConfigurator(new HttpsConfigurator(TestPki.platform().sslContext("user-service")) {
                @Override
                public void configure(HttpsParameters parameters) {
                    parameters.setNeedClientAuth(true);
                }
            });
            this.server.createContext("/", (exchange) -> {
                String peer;
                try {
                    peer = ((HttpsExchange) exchange).getSSLSession().getPeerPrincipal().getName();
                }
                catch (SSLPeerUnverifiedException ex) {
                    peer = "";
                }
                this.seen.add(new Seen(exchange.getRequestMethod(), exchange.getRequestURI().toString(),
                        Map.copyOf(exchange.getRequestHeaders()), peer));
                byte[] body = "{\"ok\":true}".getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
            });
            this.server.start();
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    public String uri() {
        return "https://localhost:" + this.server.getAddress().getPort();
    }

    public List<Seen> seen() {
        return List.copyOf(this.seen);
    }

    public void forget() {
        this.seen.clear();
    }

    @Override
    public void close() {
        this.server.stop(0);
    }

    /** A request as the service received it; header names as the JDK server normalises them. */
    public record Seen(String method, String uri, Map<String, List<String>> headers, String clientCertificate) {

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
