package io.portcullis.auth.system;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;

import javax.sql.DataSource;

import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;

/**
 * Follows the PostgreSQL notifications that triggers send on every committed change of clients, scopes, resources,
 * signing keys and security events, and publishes each batch as one {@link StoredDataChanged} event that the caches
 * listen for. Notifications are delivered only after commit and to every listening session, so all instances on one
 * database converge within milliseconds. Every (re)connect publishes {@link StoredDataChanged#everything()}, and a
 * lost connection everything but the keys, so a change committed while the connection was down is picked up as soon
 * as it is back.
 */
public final class DatabaseChangeListener implements SmartLifecycle {

    static final String CHANNEL = "portcullis_client_change";

    static final String FEED_CHANNEL = "portcullis_security_events";

    private static final Logger logger = LoggerFactory.getLogger(DatabaseChangeListener.class);

    private static final Duration RETRY = Duration.ofSeconds(1);

    private final DataSource dataSource;

    private final ApplicationEventPublisher events;

    private volatile boolean running;

    private Thread thread;

    public DatabaseChangeListener(DataSource dataSource, ApplicationEventPublisher events) {
        this.dataSource = dataSource;
        this.events = events;
    }

    @Override
    public void start() {
        this.running = true;
        this.thread = Thread.ofPlatform().name("database-change-listener").daemon().start(this::run);
    }

    @Override
    public void stop() {
        this.running = false;
        if (this.thread != null) {
            this.thread.interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return this.running;
    }

    private void run() {
        while (this.running) {
            try (Connection connection = this.dataSource.getConnection()) {
                listen(connection);
            }
            catch (SQLException | RuntimeException ex) {
                if (this.running) {
                    logger.warn("Lost the database change notifications ({}); caches are bypassed until reconnected",
                            ex.getMessage());
                }
            }
            // a cache or a poller may have missed changes while the connection was down
            publish(StoredDataChanged.of(StoredDataChanged.Kind.CLIENTS, StoredDataChanged.Kind.SCOPES,
                    StoredDataChanged.Kind.SECURITY_EVENTS));
            sleep();
        }
    }

    private void listen(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("LISTEN " + CHANNEL);
            statement.execute("LISTEN " + FEED_CHANNEL);
        }
        if (!connection.getAutoCommit()) {
            connection.commit();
        }
        publish(StoredDataChanged.everything());
        PGConnection pg = connection.unwrap(PGConnection.class);
        while (this.running) {
            PGNotification[] notifications = pg.getNotifications(5_000);
            if (notifications != null && notifications.length > 0) {
                publish(new StoredDataChanged(kinds(notifications)));
            }
        }
    }

    static Set<StoredDataChanged.Kind> kinds(PGNotification[] notifications) {
        Set<StoredDataChanged.Kind> kinds = EnumSet.noneOf(StoredDataChanged.Kind.class);
        for (PGNotification notification : notifications) {
            if (FEED_CHANNEL.equals(notification.getName())) {
                kinds.add(StoredDataChanged.Kind.SECURITY_EVENTS);
            }
            else {
                kinds.add(kind(notification.getParameter()));
            }
        }
        return kinds;
    }

    /** The table a trigger names (V1 migration's {@code notify_client_change}). */
    private static StoredDataChanged.Kind kind(String table) {
        return switch (table) {
            case "signing_keys" -> StoredDataChanged.Kind.SIGNING_KEYS;
            case "scopes", "resources" -> StoredDataChanged.Kind.SCOPES;
            default -> StoredDataChanged.Kind.CLIENTS;
        };
    }

    private void publish(StoredDataChanged event) {
        try {
            this.events.publishEvent(event);
        }
        catch (RuntimeException ex) {
            // a listener failed (the keys reload on their maintenance tick); the next change is published anyway
            logger.warn("A listener of {} failed: {}", event, ex.getMessage());
        }
    }

    private void sleep() {
        try {
            Thread.sleep(RETRY);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

}
