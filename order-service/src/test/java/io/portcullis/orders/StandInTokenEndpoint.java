package io.portcullis.orders;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.portcullis.testsupport.TestAuthorizationServer;
import io.portcullis.testsupport.TestPki;

/**
 * Stands in for the auth-server's token endpoint: client credentials for one client, answered with a token of the
 * stand-in auth-server for the users resource, or refused ({@code invalid_client}) on demand. It records each
 * request's form.
 */
public final class StandInTokenEndpoint implements AutoCloseable {

    public static final String CLIENT_ID = "order-service";

    public static final String CLIENT_SECRET = "order-service-test-secret-0123456789abcdef";

    public static final String USERS_AUDIENCE = "https://users.portcullis.local";

    private final HttpsServer server;

    private final TestAuthorizationServer auth;

    private final List<String> requests = new CopyOnWriteArrayList<>();

    private volatile boolean refusing;

    private StandInTokenEndpoint(TestAuthorizationServer auth) {
        this.auth = auth;
        try {
            this.server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            this.server.setHttpsConfigurator(new HttpsConfigurator(TestPki.platform().sslContext("auth-server")));
            this.server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
            this.server.createContext("/oauth2/token", this::token);
            this.server.start();
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    public static StandInTokenEndpoint start(TestAuthorizationServer auth) {
        return new StandInTokenEndpoint(auth);
    }

    public String uri() {
        return "https://localhost:" + this.server.getAddress().getPort() + "/oauth2/token";
    }

    /** The forms of the token requests received, decoded. */
    public List<String> requests() {
        return List.copyOf(this.requests);
    }

    /** Whether the client is refused from now on, as after the admin disabled it. */
    public void refuse(boolean refusing) {
        this.refusing = refusing;
    }

    @Override
    public void close() {
        this.server.stop(0);
    }

    private void token(HttpExchange exchange) throws IOException {
        String form = URLDecoder.decode(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8),
                StandardCharsets.UTF_8);
        this.requests.add(form);
        String expected = "Basic " + Base64.getEncoder()
            .encodeToString((CLIENT_ID + ":" + CLIENT_SECRET).getBytes(StandardCharsets.UTF_8));
        if (this.refusing || !expected.equals(exchange.getRequestHeaders().getFirst("Authorization"))
                || !form.contains("grant_type=client_credentials")) {
            respond(exchange, 401, "{\"error\":\"invalid_client\",\"error_description\":\"Client authentication failed\"}");
            return;
        }
        String token = this.auth.token(USERS_AUDIENCE).clientId(CLIENT_ID).scope("users.read").build();
        respond(exchange, 200, "{\"access_token\":\"" + token + "\",\"token_type\":\"Bearer\",\"expires_in\":300,"
                + "\"scope\":\"users.read\"}");
    }

    private static void respond(HttpExchange exchange, int status, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.getResponseHeaders().add("Cache-Control", "no-store");
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }

}
