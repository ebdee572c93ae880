package io.portcullis.lifecycle;

import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;

/**
 * Recognises failures that mean "the database is unreachable or failing for now" wherever Spring wraps them
 * (Spring Data JDBC's {@code DbActionExecutionException}, a transaction that could not begin, the pool's timeout),
 * so that they become a 503 and never a 500 (the services, through the resource-server starter), or a stale cache
 * answers instead (the auth-server's clients and scopes). One rule for every Portcullis process.
 */
public final class DatabaseUnavailable {

    private DatabaseUnavailable() {
    }

    /** Whether {@code ex} or one of its causes says the database is unreachable or failing for now. */
    public static boolean isCause(Throwable ex) {
        for (Throwable cause = ex; cause != null; cause = (cause.getCause() != cause) ? cause.getCause() : null) {
            if (cause instanceof DataAccessResourceFailureException || cause instanceof TransientDataAccessException
                    || cause instanceof RecoverableDataAccessException
                    || cause instanceof CannotCreateTransactionException || cause instanceof SQLTransientException
                    || cause instanceof SQLRecoverableException
                    || cause instanceof SQLNonTransientConnectionException) {
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

}
