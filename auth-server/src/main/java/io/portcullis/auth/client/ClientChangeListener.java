package io.portcullis.auth.client;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

import javax.sql.DataSource;

import io.portcullis.auth.scope.ScopeCatalog;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;

/**
 * Follows PostgreSQL notifications that triggers on the client, scope and signing key tables send on every committed
 * change: drops this instance's client and scope caches, reloads its signing keys when they changed, and wakes the
 * feed's long polls on new security events. Notifications are delivered only after commit and to every listening
 * session, so all instances on one database converge within milliseconds. Every (re)connect starts by
 * invalidating, so a change committed while the connection was down is picked up as soon as it is back.
 */
public final class ClientChangeListener implements SmartLifecycle {

    static final String CHANNEL = "portcullis_client_change";

    static final String FEED_CHANNEL = "portcullis_security_events";

    private static final Logger logger = LoggerFactory.getLogger(ClientChangeListener.class);

    private static final Duration RETRY = Duration.ofSeconds(1);

    private final DataSource dataSource;

    private final CachingRegisteredClientRepository clients;

    private final ScopeCatalog scopes;

    private final Runnable feedSignal;

    private final Runnable keysChanged;

    private volatile boolean running;

    private Thread thread;

    public ClientChangeListener(DataSource dataSource, CachingRegisteredClientRepository clients,
            ScopeCatalog scopes, Runnable feedSignal, Runnable keysChanged) {
        this.dataSource = dataSource;
        this.clients = clients;
        this.scopes = scopes;
        this.feedSignal = feedSignal;
        this.keysChanged = keysChanged;
    }

    @Override
    public void start() {
        this.running = true;
        this.thread = Thread.ofPlatform().name("client-change-listener").daemon().start(this::run);
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
                    logger.warn("Lost the client change notifications ({}); caches are bypassed until reconnected",
                            ex.getMessage());
                }
            }
            invalidate();
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
        invalidate();
        reloadKeys();
        PGConnection pg = connection.unwrap(PGConnection.class);
        while (this.running) {
            PGNotification[] notifications = pg.getNotifications(5_000);
            if (notifications != null && notifications.length > 0) {
                for (PGNotification notification : notifications) {
                    if (FEED_CHANNEL.equals(notification.getName())) {
                        this.feedSignal.run();
                    }
                    else if ("signing_keys".equals(notification.getParameter())) {
                        reloadKeys();
                    }
                }
                invalidate();
            }
        }
    }

    private void reloadKeys() {
        try {
            this.keysChanged.run();
        }
        catch (RuntimeException ex) {
            // the key maintenance tick reloads them again
            logger.warn("Could not reload the signing keys: {}", ex.getMessage());
        }
    }

    private void invalidate() {
        this.clients.invalidateAll();
        this.scopes.invalidate();
        // a poller may have missed events while the connection was down
        this.feedSignal.run();
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
