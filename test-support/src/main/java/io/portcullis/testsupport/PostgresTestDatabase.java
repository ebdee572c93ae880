package io.portcullis.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * A fresh, real PostgreSQL database per caller. By default one embedded PostgreSQL 17 (real binaries from Maven
 * Central) starts once per test JVM; {@value #EXTERNAL_URL_VARIABLE} points the tests at an existing server instead,
 * for example {@code jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres}. Databases are created with a random
 * name and dropped when the JVM exits.
 */
public final class PostgresTestDatabase {

    public static final String EXTERNAL_URL_VARIABLE = "PORTCULLIS_TEST_DB_URL";

    private final String url;

    private final String username;

    private final String password;

    private PostgresTestDatabase(String url, String username, String password) {
        this.url = url;
        this.username = username;
        this.password = password;
    }

    /** Creates a new empty database on the shared server. */
    public static PostgresTestDatabase create() {
        Server server = Server.INSTANCE;
        String name = "portcullis_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16)
            .toLowerCase(Locale.ROOT);
        server.execute("CREATE DATABASE " + name);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> server.dropQuietly(name)));
        return new PostgresTestDatabase(server.urlOf(name), server.username, server.password);
    }

    /** Creates a new database and registers it as the Spring datasource of the test's context. */
    public static PostgresTestDatabase register(DynamicPropertyRegistry registry) {
        PostgresTestDatabase database = create();
        registry.add("spring.datasource.url", database::url);
        registry.add("spring.datasource.username", database::username);
        registry.add("spring.datasource.password", database::password);
        return database;
    }

    public String url() {
        return this.url;
    }

    public String username() {
        return this.username;
    }

    public String password() {
        return this.password;
    }

    public Connection connect() throws SQLException {
        return DriverManager.getConnection(this.url, this.username, this.password);
    }

    private static final class Server {

        static final Server INSTANCE = start();

        private final String adminUrl;

        private final String username;

        private final String password;

        private Server(String adminUrl, String username, String password) {
            this.adminUrl = adminUrl;
            this.username = username;
            this.password = password;
        }

        private static Server start() {
            String external = System.getenv(EXTERNAL_URL_VARIABLE);
            if (external != null && !external.isBlank()) {
                String user = System.getenv().getOrDefault("PORTCULLIS_TEST_DB_USER", "postgres");
                String password = System.getenv().getOrDefault("PORTCULLIS_TEST_DB_PASSWORD", "");
                return new Server(external, user, password);
            }
            try {
                EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                    .setServerConfig("max_connections", "300")
                    .setServerConfig("fsync", "off")
                    .setServerConfig("synchronous_commit", "off")
                    .start();
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    try {
                        postgres.close();
                    }
                    catch (IOException ignored) {
                        // the JVM is going away; the data directory is temporary
                    }
                }));
                return new Server(postgres.getJdbcUrl("postgres", "postgres"), "postgres", "");
            }
            catch (IOException ex) {
                throw new UncheckedIOException("Could not start the embedded PostgreSQL", ex);
            }
        }

        String urlOf(String database) {
            // jdbc:postgresql://host:port/name?params
            int slash = this.adminUrl.indexOf('/', "jdbc:postgresql://".length());
            int query = this.adminUrl.indexOf('?');
            String base = this.adminUrl.substring(0, slash + 1);
            String params = (query >= 0) ? this.adminUrl.substring(query) : "";
            return base + database + params;
        }

        void execute(String sql) {
            try (Connection connection = DriverManager.getConnection(this.adminUrl, this.username, this.password);
                    Statement statement = connection.createStatement()) {
                statement.execute(sql);
            }
            catch (SQLException ex) {
                throw new IllegalStateException("PostgreSQL refused: " + sql, ex);
            }
        }

        void dropQuietly(String database) {
            try {
                execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
            }
            catch (RuntimeException ignored) {
                // best effort: the embedded server's data directory is removed anyway
            }
        }

    }

}
