package io.portcullis.auth.system;

import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.stereotype.Component;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;

/**
 * Lets the token endpoint's in-memory caches (clients, scopes) keep answering from what they hold while PostgreSQL
 * cannot be reached: recognises such failures, and counts every answer given from a stale cache in
 * {@code portcullis.auth.cache.stale{cache}} so that operators see it. After a failure the database is not asked
 * again for a second by any cache, so that requests do not each wait for a connection that will not come.
 */
@Component
public final class DatabaseOutage {

    private static final long RETRY_NANOS = 1_000_000_000L;

    private final MeterRegistry registry;

    private volatile long retryAt = System.nanoTime();

    public DatabaseOutage(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Whether a failure means the database is unreachable or failing for now (not a bug, not bad data). */
    public static boolean isCause(Throwable ex) {
        for (Throwable cause = ex; cause != null; cause = (cause.getCause() != cause) ? cause.getCause() : null) {
            if (cause instanceof DataAccessResourceFailureException || cause instanceof TransientDataAccessException
                    || cause instanceof RecoverableDataAccessException
                    || cause instanceof CannotCreateTransactionException || cause instanceof SQLTransientException
                    || cause instanceof SQLRecoverableException) {
                return true;
            }
            // a rollback on a connection that died fails too (Hikari's "Connection is closed" has no SQLState):
            // the failure that made the transaction roll back says what happened
            if (cause instanceof TransactionSystemException failedRollback
                    && failedRollback.getApplicationException() != null
                    && isCause(failedRollback.getApplicationException())) {
                return true;
            }
            // a commit that fails on a dead connection is followed by a rollback that fails too, and Spring throws
            // the rollback's failure alone (the commit's is only logged): "Connection is closed", no SQLState
            if (cause instanceof TransactionSystemException failedRollback
                    && failedRollback.getApplicationException() == null
                    && failedRollback.getCause() instanceof java.sql.SQLException sql && sql.getSQLState() == null) {
                return true;
            }
            // PostgreSQL's "connection exception" (08xxx) and "operator intervention" (57P01-03: shut down, crashed,
            // cannot connect now) arrive unwrapped too, e.g. from a rollback on a connection that died
            if (cause instanceof java.sql.SQLException sql && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("08") || sql.getSQLState().startsWith("57P"))) {
                return true;
            }
        }
        return false;
    }

    /** Whether a recent failure says not to try the database yet. */
    public boolean recentlyFailed() {
        return System.nanoTime() - this.retryAt < 0;
    }

    public void failed() {
        this.retryAt = System.nanoTime() + RETRY_NANOS;
    }

    /** Counts one answer from a stale cache ({@code clients}, {@code scopes}). */
    public void servedStale(String cache) {
        Counter.builder("portcullis.auth.cache.stale")
            .description("Answers given from a cache that could not be refreshed because the database is unreachable")
            .tag("cache", cache)
            .register(this.registry)
            .increment();
    }

}
