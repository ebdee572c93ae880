package io.portcullis.gateway.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.http.HttpResponse;

import io.portcullis.gateway.EdgeClient;
import io.portcullis.gateway.GatewayTestEnvironment;
import io.portcullis.gateway.TestUpstream;
import io.portcullis.testsupport.TestAuthorizationServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A gateway whose auth-server was never reachable (its JWKS URI answers nothing), with the real token decoder: a
 * well-signed token cannot be judged, and the caller is told so (503 problem+json with {@code Retry-After}, no
 * challenge), never a 500 and never a 401; a token that is malformed is still a 401, and the service sees nothing.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class KeysUnavailableIntegrationTests {

    static final TestAuthorizationServer AUTH = TestAuthorizationServer.start();

    static final TestUpstream UPSTREAM = new TestUpstream();

    @DynamicPropertySource
    static void environment(DynamicPropertyRegistry registry) {
        GatewayTestEnvironment.register(registry, AUTH, UPSTREAM);
        int closed = closedPort();
        registry.add("portcullis.token.jwks-uri", () -> "https://127.0.0.1:" + closed + "/oauth2/jwks");
    }

    @AfterAll
    static void stop() {
        AUTH.close();
        UPSTREAM.close();
    }

    @LocalServerPort
    int port;

    @Test
    void tokenWhenKeysWereNeverObtainedThen503WithRetryAfter() {
        EdgeClient edge = new EdgeClient(this.port);
        String token = AUTH.token(GatewayTestEnvironment.AUDIENCE).scope("users.read").clientId("keyless").build();

        for (String path : new String[] { "/api/users", "/api/users/7" }) {
            HttpResponse<String> response = edge.get(path, token);

            assertThat(response.statusCode()).as(path).isEqualTo(503);
            assertThat(response.headers().firstValue("Retry-After")).as(path).hasValue("5");
            assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            assertThat(response.headers().firstValue("WWW-Authenticate")).isEmpty();
        }
        assertThat(edge.get("/api/users", "not-a-token").statusCode()).isEqualTo(401);
        assertThat(UPSTREAM.seen()).isEmpty();
    }

    private static int closedPort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

}
