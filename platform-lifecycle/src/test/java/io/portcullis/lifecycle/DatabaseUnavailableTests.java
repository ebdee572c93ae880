package io.portcullis.lifecycle;

import java.sql.SQLException;

import org.junit.jupiter.api.Test;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.transaction.TransactionSystemException;

import static org.assertj.core.api.Assertions.assertThat;

class DatabaseUnavailableTests {

    @Test
    void isCauseWhenNoConnectionThenTrue() {
        assertThat(DatabaseUnavailable.isCause(new CannotGetJdbcConnectionException("Failed to obtain JDBC Connection",
                new SQLException("Connection refused", "08001")))).isTrue();
    }

    @Test
    void isCauseWhenRollbackFailedOnADeadConnectionThenTrue() {
        TransactionSystemException rollback = new TransactionSystemException("JDBC rollback failed",
                new SQLException("An I/O error occurred while sending to the backend.", "08006"));
        assertThat(DatabaseUnavailable.isCause(rollback)).isTrue();
    }

    @Test
    void isCauseWhenCommitFailedOnADeadConnectionAndTheRollbackThenTooThenTrue() {
        // seen as a 500 in the PostgreSQL drill: the commit's "terminating connection due to unexpected postmaster
        // exit" is only logged by Spring, which throws the rollback's failure with no application exception
        assertThat(DatabaseUnavailable.isCause(new TransactionSystemException("JDBC rollback failed",
                new SQLException("Connection is closed")))).isTrue();
        assertThat(DatabaseUnavailable.isCause(new TransactionSystemException("Could not commit",
                new SQLException("deferred constraint", "23505")))).isFalse();
    }

    @Test
    void isCauseWhenRollbackFoundThePooledConnectionClosedThenTheOriginalFailureDecides() {
        // what Hikari throws once it has marked the connection broken: no SQLState
        TransactionSystemException rollback = new TransactionSystemException("JDBC rollback failed",
                new SQLException("Connection is closed"));
        rollback.initApplicationException(new DataAccessResourceFailureException("I/O error",
                new SQLException("An I/O error occurred while sending to the backend.", "08006")));
        TransactionSystemException unrelated = new TransactionSystemException("JDBC rollback failed",
                new SQLException("Connection is closed"));
        unrelated.initApplicationException(new IllegalStateException("bug"));

        assertThat(DatabaseUnavailable.isCause(rollback)).isTrue();
        assertThat(DatabaseUnavailable.isCause(unrelated)).isFalse();
    }

    @Test
    void isCauseWhenServerShuttingDownThenTrue() {
        assertThat(DatabaseUnavailable.isCause(new RuntimeException(new SQLException("terminating", "57P01"))))
            .isTrue();
    }

    @Test
    void isCauseWhenConnectionRefusedUnwrappedOrRecoverableThenTrue() {
        // from the auth-server's former DatabaseOutageTests
        assertThat(DatabaseUnavailable.isCause(new RuntimeException(new SQLException("refused", "08001")))).isTrue();
        assertThat(DatabaseUnavailable.isCause(new org.springframework.dao.RecoverableDataAccessException(
                "connection reset"))).isTrue();
    }

    @Test
    void isCauseWhenConstraintViolatedOrBugThenFalse() {
        assertThat(DatabaseUnavailable.isCause(new DataIntegrityViolationException("duplicate key",
                new SQLException("duplicate key", "23505")))).isFalse();
        assertThat(DatabaseUnavailable.isCause(new IllegalStateException("bug"))).isFalse();
    }

}
