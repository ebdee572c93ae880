package io.portcullis.orders;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * An order-service integration test class: its own {@link OrderServiceTestEnvironment} (fresh stand-ins, started
 * before the class's application context and closed after its last test), registered in the context, told the
 * service's port, and the service's database.
 */
@OrderServiceIntegrationTest
public abstract class OrderServiceIntegrationTestSupport {

    /** The test class's environment; a new one per class, as tests change the stand-ins' behaviour. */
    protected static OrderServiceTestEnvironment ENV;

    @Autowired
    protected JdbcTemplate jdbc;

    @BeforeAll
    static void startEnvironment() {
        ENV = OrderServiceTestEnvironment.start();
    }

    @DynamicPropertySource
    static void environment(DynamicPropertyRegistry registry) {
        ENV.register(registry);
    }

    @AfterAll
    static void stopEnvironment() {
        ENV.close();
    }

    @LocalServerPort
    void port(int port) {
        ENV.port(port);
    }

}
