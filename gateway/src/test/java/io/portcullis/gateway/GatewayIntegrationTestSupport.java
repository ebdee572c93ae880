package io.portcullis.gateway;

import io.portcullis.testsupport.TestAuthorizationServer;
import org.junit.jupiter.api.BeforeEach;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The gateway over HTTPS in front of a recording service that demands mutual TLS, with a stand-in auth-server;
 * both live for the whole test JVM. Each test starts with the service's record empty.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
public abstract class GatewayIntegrationTestSupport {

    protected static final TestAuthorizationServer AUTH = Shared.AUTH;

    protected static final TestUpstream UPSTREAM = Shared.UPSTREAM;

    @DynamicPropertySource
    static void environment(DynamicPropertyRegistry registry) {
        GatewayTestEnvironment.register(registry, AUTH, UPSTREAM);
    }

    @LocalServerPort
    protected int port;

    protected EdgeClient edge;

    @BeforeEach
    void connect() {
        this.edge = new EdgeClient(this.port);
        UPSTREAM.forget();
    }

    private static final class Shared {

        static final TestAuthorizationServer AUTH = TestAuthorizationServer.start();

        static final TestUpstream UPSTREAM = new TestUpstream();

        static {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                AUTH.close();
                UPSTREAM.close();
            }));
        }

    }

}
