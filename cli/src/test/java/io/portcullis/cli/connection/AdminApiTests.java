package io.portcullis.cli.connection;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.portcullis.cli.CliException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** How answers of the API become results and exit codes, against a stand-in server on loopback. */
class AdminApiTests {

    private HttpServer server;

    private final List<String> ifMatches = new CopyOnWriteArrayList<>();

    private final List<String> queries = new CopyOnWriteArrayList<>();

    private volatile int status;

    private volatile String body;

    private AdminApi api;

    @BeforeEach
    void start() throws IOException {
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        this.server.createContext("/oauth2/token", (exchange) -> respond(exchange, 200,
                "{\"access_token\":\"t\",\"token_type\":\"Bearer\",\"scope\":\"platform.admin\",\"expires_in\":300}"));
        this.server.createContext("/admin/v1/pages", (exchange) -> {
            this.queries.add(exchange.getRequestURI().getRawQuery());
            String page = exchange.getRequestURI().getRawQuery().replaceAll(".*page=(\\d+).*", "$1");
            respond(exchange, 200, switch (page) {
                case "0" -> "{\"items\":[\"a\",\"b\"],\"page\":0,\"size\":100,\"totalItems\":3}";
                case "1" -> "{\"items\":[\"c\"],\"page\":1,\"size\":100,\"totalItems\":3}";
                default -> "{\"items\":[],\"page\":" + page + ",\"size\":100,\"totalItems\":3}";
            });
        });
        this.server.createContext("/admin/v1/", (exchange) -> {
            this.ifMatches.add(String.valueOf(exchange.getRequestHeaders().getFirst("If-Match")));
            respond(exchange, this.status, this.body);
        });
        this.server.start();
        this.api = new AdminApi(new ConnectionSettings(URI.create("http://127.0.0.1:" + this.server.getAddress().getPort()),
                "admin", "secret", null));
    }

    @AfterEach
    void stop() {
        this.server.stop(0);
    }

    @Test
    void everyWhenListHasTwoPagesThenItemsOfBothInOrderAndQueryKept() {
        List<Object> items = this.api.every("/pages?resource=r");

        assertThat(items).containsExactly("a", "b", "c");
        assertThat(this.queries).containsExactly("resource=r&page=0&size=100", "resource=r&page=1&size=100");
    }

    @Test
    void sendWhenPreconditionFailedThenConcurrentChangeRefusal() {
        this.status = 412;
        this.body = "{\"status\":412,\"detail\":\"If-Match does not match the current ETag\"}";

        CliException error = catchThrowableOfType(CliException.class,
                () -> this.api.send("PATCH", "/clients/a", Map.of("name", "b"), "\"3\""));

        assertThat(this.ifMatches).containsExactly("\"3\"");
        assertThat(error.exitCode()).isEqualTo(CliException.REFUSED);
        assertThat(error.getMessage()).isEqualTo("Concurrent change: PATCH /admin/v1/clients/a was refused (412) "
                + "because the target changed since it was read. If-Match does not match the current ETag");
    }

    @Test
    void sendWhenFieldsInvalidThenDetailAndOneLinePerField() {
        this.status = 400;
        this.body = "{\"detail\":\"The request has invalid fields\",\"errors\":[{\"field\":\"scopes[0]\","
                + "\"message\":\"unknown scope\"},{\"field\":\"name\",\"message\":\"must not be blank\"}]}";

        CliException error = catchThrowableOfType(CliException.class,
                () -> this.api.send("POST", "/clients", Map.of(), null));

        assertThat(error.exitCode()).isEqualTo(CliException.REFUSED);
        assertThat(error.getMessage()).isEqualTo("Refused (400) POST /admin/v1/clients: The request has invalid fields");
        assertThat(error.details()).containsExactly("scopes[0]: unknown scope", "name: must not be blank");
    }

    @Test
    void sendWhenServerFailsThenFailureExitCode() {
        this.status = 503;
        this.body = "{\"detail\":\"database unavailable\"}";

        CliException error = catchThrowableOfType(CliException.class, () -> this.api.get("/keys"));

        assertThat(error.exitCode()).isEqualTo(CliException.FAILURE);
        assertThat(error.getMessage()).isEqualTo("The server failed (503) on GET /admin/v1/keys: database unavailable");
    }

    @Test
    void getWhenOkThenBodyAndETag() {
        this.status = 200;
        this.body = "{\"name\":\"orders\",\"version\":4}";

        AdminApi.Response response = this.api.get("/resources/orders");

        assertThat(response.map()).containsEntry("name", "orders");
        assertThat(response.etag()).isEqualTo("\"4\"");
    }

    private void respond(HttpExchange exchange, int code, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        if (code == 200 && exchange.getRequestURI().getPath().startsWith("/admin")) {
            exchange.getResponseHeaders().add("ETag", "\"4\"");
        }
        exchange.sendResponseHeaders(code, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

}
