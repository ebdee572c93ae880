package io.portcullis.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.CountDownLatch;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * LOCAL DEVELOPMENT ONLY. Starts a real PostgreSQL on 127.0.0.1 with its data kept in a folder of the checkout,
 * so that {@code infra/local/run.sh} works on a machine without a PostgreSQL server. Stops when the process is
 * terminated.
 * <p>
 * Usage: {@code java -jar local-embedded-postgres.jar <data directory> <port> [database ...]}; the named databases
 * are created if they do not exist yet.
 */
public final class LocalPostgres {

    private LocalPostgres() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        if (args.length < 2) {
            System.err.println("usage: LocalPostgres <data directory> <port> [database ...]");
            System.exit(2);
        }
        Path data = Path.of(args[0]).toAbsolutePath();
        Files.createDirectories(data);
        EmbeddedPostgres postgres = EmbeddedPostgres.builder()
            .setDataDirectory(data)
            .setCleanDataDirectory(false)
            .setPort(Integer.parseInt(args[1]))
            // the embedded default trades durability for test speed (synchronous_commit off: a crash loses
            // acknowledged commits); this data lives across runs, so every acknowledged commit must survive a crash,
            // and fsync/full_page_writes are said explicitly so that no default can turn them off
            .setServerConfig("fsync", "on")
            .setServerConfig("synchronous_commit", "on")
            .setServerConfig("full_page_writes", "on")
            .start();
        for (int i = 2; i < args.length; i++) {
            createIfMissing(postgres, args[i]);
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                postgres.close();
            }
            catch (IOException ex) {
                System.err.println("Could not stop PostgreSQL cleanly: " + ex.getMessage());
            }
            stopped.countDown();
        }));
        System.out.println("PostgreSQL ready on 127.0.0.1:" + postgres.getPort() + " (data in " + data + ")");
        stopped.await();
    }

    private static void createIfMissing(EmbeddedPostgres postgres, String database) {
        if (!database.matches("[a-z_][a-z0-9_]{0,62}")) {
            throw new IllegalArgumentException("Not a plain database name: " + database);
        }
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
                Statement statement = connection.createStatement()) {
            try (ResultSet exists = statement
                .executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + database + "'")) {
                if (exists.next()) {
                    return;
                }
            }
            statement.execute("CREATE DATABASE " + database);
            System.out.println("Created database " + database);
        }
        catch (SQLException ex) {
            throw new IllegalStateException("Could not create database " + database, ex);
        }
    }

}
