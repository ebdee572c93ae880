package io.portcullis.users.system;

import java.time.Duration;
import java.util.Arrays;

import io.portcullis.testsupport.PostgresTestDatabase;
import io.portcullis.testsupport.TcpProxy;
import io.portcullis.users.UserServiceIntegrationTest;
import io.portcullis.users.UserServiceTestEnvironment;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.health.contributor.Status;
import org.springframework.http.MediaType;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

import static io.portcullis.users.GatewayIdentity.gateway;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.jwt;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

/**
 * PostgreSQL crashing under the service (its connections reset, new ones refused, through a relay the test cuts):
 * a short honest 503 and readiness DOWN while it is away, serving again by itself once it is back.
 */
@UserServiceIntegrationTest
class DatabaseOutageIntegrationTests {

    static TcpProxy database;

    @DynamicPropertySource
    static void environment(DynamicPropertyRegistry registry) {
        PostgresTestDatabase real = UserServiceTestEnvironment.register(registry);
        // jdbc:postgresql://localhost:PORT/name?...
        String url = real.url();
        int start = "jdbc:postgresql://".length();
        String hostAndPort = url.substring(start, url.indexOf('/', start));
        String[] parts = hostAndPort.split(":");
        database = new TcpProxy(parts[0], Integer.parseInt(parts[1]));
        registry.add("spring.datasource.url", () -> url.replace(hostAndPort, "127.0.0.1:" + database.port()));
    }

    @AfterAll
    static void closeRelay() {
        database.close();
    }

    @Autowired
    MockMvc mvc;

    @Autowired
    HealthEndpoint health;

    @Test
    void requestsWhenDatabaseDownThenFast503WithRetryAfterAndNotReadyAndWhenBackThenServedAgain() throws Exception {
        assertThat(this.mvc.perform(list()).andReturn().getResponse().getStatus()).isEqualTo(200);

        database.cut();
        try {
            for (MockHttpServletRequestBuilder request : new MockHttpServletRequestBuilder[] { list(), create() }) {
                long started = System.nanoTime();
                MvcResult result = this.mvc.perform(request).andReturn();
                assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
                assertThat(result.getResponse().getStatus()).isEqualTo(503);
                assertThat(result.getResponse().getHeader("Retry-After")).isEqualTo("2");
                assertThat(result.getResponse().getContentType()).isEqualTo("application/problem+json");
                assertThat(result.getResponse().getContentAsString()).contains("\"status\":503",
                        "\"detail\":\"The service cannot reach its database; retry later\"");
            }
            assertThat(this.health.healthForPath("readiness").getStatus()).isEqualTo(Status.DOWN);
        }
        finally {
            database.restore();
        }

        long back = System.nanoTime();
        await().atMost(Duration.ofSeconds(3))
            .pollInterval(Duration.ofMillis(100))
            .until(() -> this.mvc.perform(list()).andReturn().getResponse().getStatus() == 200);
        assertThat(Duration.ofNanos(System.nanoTime() - back)).isLessThan(Duration.ofSeconds(3));
        assertThat(this.mvc.perform(create()).andReturn().getResponse().getStatus()).isEqualTo(201);
        assertThat(this.health.healthForPath("readiness").getStatus()).isEqualTo(Status.UP);
    }

    private static MockHttpServletRequestBuilder list() {
        return get("/users").with(gateway()).with(scopes("users.read"));
    }

    private static MockHttpServletRequestBuilder create() {
        return post("/users").with(gateway())
            .with(scopes("users.write"))
            .contentType(MediaType.APPLICATION_JSON)
            .content("{\"username\":\"u" + System.nanoTime() + "\",\"email\":\"u@example.com\",\"displayName\":\"U\"}");
    }

    private static org.springframework.test.web.servlet.request.RequestPostProcessor scopes(String... scopes) {
        return jwt().jwt((token) -> token.claim("client_id", "test-client"))
            .authorities(Arrays.stream(scopes)
                .map((scope) -> (org.springframework.security.core.GrantedAuthority) new SimpleGrantedAuthority("SCOPE_" + scope))
                .toList());
    }

}
