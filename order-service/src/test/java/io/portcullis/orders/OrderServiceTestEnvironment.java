package io.portcullis.orders;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import io.portcullis.testsupport.PostgresTestDatabase;
import io.portcullis.testsupport.TcpProxy;
import io.portcullis.testsupport.TestAuthorizationServer;
import io.portcullis.testsupport.TestPki;

import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * What an order-service test runs against, all over real TLS: a stand-in auth-server (JWKS and token endpoint), a
 * stand-in user-service reached through a TCP link the test can cut, a fresh PostgreSQL database and the test PKI's
 * order-service certificate. One per test class: tests change the stand-ins' behaviour.
 */
public final class OrderServiceTestEnvironment implements AutoCloseable {

    public static final String AUDIENCE = "https://orders.portcullis.local";

    /** The client of {@link #token(String)} and {@link #place(String)}. */
    public static final String CLIENT = "shop-frontend";

    public final TestAuthorizationServer auth = TestAuthorizationServer.start();

    public final StandInTokenEndpoint tokens = StandInTokenEndpoint.start(this.auth);

    public final StandInUserService users = StandInUserService.start();

    /** Between the order-service and the stand-in user-service: {@code cut()} plays a user-service that is down. */
    public final TcpProxy link = new TcpProxy("127.0.0.1", this.users.port());

    private int port;

    public static OrderServiceTestEnvironment start() {
        return new OrderServiceTestEnvironment();
    }

    public PostgresTestDatabase register(DynamicPropertyRegistry registry) {
        TestPki pki = TestPki.platform();
        registry.add("PORTCULLIS_TLS_CERTIFICATE", () -> "file:" + pki.certificateFile("order-service"));
        registry.add("PORTCULLIS_TLS_PRIVATE_KEY", () -> "file:" + pki.keyFile("order-service"));
        registry.add("PORTCULLIS_TLS_CA", () -> "file:" + pki.caFile());
        registry.add("portcullis.token.jwks-uri", this.auth::jwksUri);
        registry.add("spring.security.oauth2.client.provider.portcullis.token-uri", this.tokens::uri);
        registry.add("spring.security.oauth2.client.registration.user-service.client-secret",
                () -> StandInTokenEndpoint.CLIENT_SECRET);
        registry.add("portcullis.user-service.uri", () -> "https://localhost:" + this.link.port());
        return PostgresTestDatabase.register(registry);
    }

    /** Where the order-service under test listens (its {@code @LocalServerPort}). */
    public void port(int port) {
        this.port = port;
    }

    /** An access token for the orders resource with {@code scope}, from a client that calls through the gateway. */
    public String token(String scope) {
        return token(CLIENT, scope);
    }

    /** An access token for the orders resource with {@code scope}, of the client {@code clientId}. */
    public String token(String clientId, String scope) {
        return this.auth.token(AUDIENCE).clientId(clientId).scope(scope).build();
    }

    /** A request to the order-service under test, with {@code token}. */
    public HttpRequest.Builder request(String path, String token) {
        return HttpRequest.newBuilder(URI.create("https://localhost:" + this.port + path))
            .timeout(Duration.ofSeconds(20))
            .header("Authorization", "Bearer " + token);
    }

    /** Sends as the gateway (its certificate of the platform CA). */
    public HttpResponse<String> send(HttpRequest.Builder request) {
        return send("gateway", request);
    }

    /** Sends presenting {@code service}'s certificate of the platform CA. */
    public HttpResponse<String> send(String service, HttpRequest.Builder request) {
        HttpClient client = HttpClient.newBuilder().sslContext(TestPki.platform().sslContext(service)).build();
        try {
            return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }

    /** {@code POST /orders} with {@code orders.write}. */
    public HttpResponse<String> place(String json) {
        return send(request("/orders", token("orders.write")).header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    public static String order(Object userId) {
        return "{\"userId\":\"" + userId + "\",\"product\":\"BOOK-42\",\"quantity\":2}";
    }

    @Override
    public void close() {
        this.link.close();
        this.users.close();
        this.tokens.close();
        this.auth.close();
    }

}
