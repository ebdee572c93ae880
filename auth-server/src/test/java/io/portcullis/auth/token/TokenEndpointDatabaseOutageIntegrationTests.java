package io.portcullis.auth.token;

import java.time.Duration;

import io.micrometer.core.instrument.MeterRegistry;
import io.portcullis.auth.AuthServerIntegrationTest;
import io.portcullis.auth.AuthServerTestEnvironment;
import io.portcullis.auth.OAuthClient;
import io.portcullis.auth.OAuthClient.Response;
import io.portcullis.auth.client.ClientRepository;
import io.portcullis.auth.client.ClientSecretHasher;
import io.portcullis.auth.client.TestClients;
import io.portcullis.testsupport.PostgresTestDatabase;
import io.portcullis.testsupport.TcpProxy;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * PostgreSQL crashing under the auth-server (its connections reset, new ones refused, through a relay the test
 * cuts): the token endpoint keeps issuing to clients it knows from its caches, promptly, and says so in a metric;
 * a client it does not know yet is answered 503 {@code temporarily_unavailable}, promptly every time (no request
 * thread waits for the pool's connection timeout while the database is known to be gone).
 */
@AuthServerIntegrationTest
class TokenEndpointDatabaseOutageIntegrationTests {

    static TcpProxy database;

    @DynamicPropertySource
    static void environment(DynamicPropertyRegistry registry) {
        PostgresTestDatabase real = AuthServerTestEnvironment.register(registry);
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

    @LocalServerPort
    int port;

    @Autowired
    ClientRepository clients;

    @Autowired
    ClientSecretHasher hasher;

    @Autowired
    MeterRegistry registry;

    @Test
    void tokenWhenDatabaseDownThenIssuedFromTheCachesAndCountedAsStale() throws Exception {
        OAuthClient oauth = new OAuthClient(this.port);
        TestClients.Created client = TestClients.confidential().scopes("users.read").save(this.clients, this.hasher);
        assertThat(oauth.token(client.clientId(), client.secret(), "scope", "users.read").status()).isEqualTo(200);

        database.cut();
        try {
            // the change listener loses its connection too and marks every cache stale
            Thread.sleep(500);
            for (int i = 0; i < 3; i++) {
                long started = System.nanoTime();
                Response response = oauth.token(client.clientId(), client.secret(), "scope", "users.read");
                assertThat(response.status()).as(response.body()).isEqualTo(200);
                assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
            }
            assertThat(this.registry.get("portcullis.auth.cache.stale").tag("cache", "clients").counter().count())
                .isPositive();
        }
        finally {
            restore();
        }
    }

    @Test
    void tokenWhenDatabaseDownAndClientNotCachedThenRefusedPromptlyEachTime() throws Exception {
        OAuthClient oauth = new OAuthClient(this.port);

        database.cut();
        try {
            Thread.sleep(500);
            // the first one finds the database gone; the next ones do not wait for it again
            Response first = oauth.token("not-cached-0", "secret", "scope", "users.read");
            assertThat(first.status()).as(first.body()).isEqualTo(503);
            assertThat(first.body()).contains("\"error\":\"temporarily_unavailable\"");
            assertThat(first.header("Retry-After")).isEqualTo("1");
            for (int i = 1; i <= 5; i++) {
                long started = System.nanoTime();
                Response response = oauth.token("not-cached-" + i, "secret", "scope", "users.read");
                assertThat(response.status()).as(response.body()).isEqualTo(503);
                assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(400));
            }
        }
        finally {
            restore();
        }
    }

    /** The database back, and the caches' one-second pause after a failure over, for the next test. */
    private static void restore() throws InterruptedException {
        database.restore();
        Thread.sleep(1100);
    }

}
