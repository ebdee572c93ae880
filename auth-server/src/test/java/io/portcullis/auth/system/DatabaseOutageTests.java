package io.portcullis.auth.system;

import java.sql.SQLException;

import org.junit.jupiter.api.Test;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.transaction.TransactionSystemException;

import static org.assertj.core.api.Assertions.assertThat;

class DatabaseOutageTests {

    @Test
    void isCauseWhenRollbackFoundThePooledConnectionClosedThenTheOriginalFailureDecides() {
        // a read in a transaction fails on a cut connection; Hikari marks it broken, so the rollback then fails with
        // "Connection is closed", which has no SQLState (seen as a 500 from the token endpoint before)
        TransactionSystemException rollback = new TransactionSystemException("JDBC rollback failed",
                new SQLException("Connection is closed"));
        rollback.initApplicationException(new DataAccessResourceFailureException("I/O error",
                new SQLException("An I/O error occurred while sending to the backend.", "08006")));
        TransactionSystemException unrelated = new TransactionSystemException("JDBC rollback failed",
                new SQLException("Connection is closed"));
        unrelated.initApplicationException(new IllegalStateException("bug"));

        assertThat(DatabaseOutage.isCause(rollback)).isTrue();
        assertThat(DatabaseOutage.isCause(unrelated)).isFalse();
    }

    @Test
    void isCauseWhenCommitFailedOnADeadConnectionAndTheRollbackThenTooThenTrue() {
        // seen as a 500 in the PostgreSQL drill: the commit's "terminating connection due to unexpected postmaster
        // exit" is only logged by Spring, which throws the rollback's failure with no application exception
        assertThat(DatabaseOutage.isCause(new TransactionSystemException("JDBC rollback failed",
                new SQLException("Connection is closed")))).isTrue();
        assertThat(DatabaseOutage.isCause(new TransactionSystemException("Could not commit",
                new SQLException("deferred constraint", "23505")))).isFalse();
    }

    @Test
    void isCauseWhenConnectionRefusedOrServerShuttingDownThenTrue() {
        assertThat(DatabaseOutage.isCause(new RuntimeException(new SQLException("refused", "08001")))).isTrue();
        assertThat(DatabaseOutage.isCause(new RuntimeException(new SQLException("terminating", "57P01")))).isTrue();
    }

    @Test
    void isCauseWhenConstraintViolatedOrBugThenFalse() {
        assertThat(DatabaseOutage.isCause(new DataIntegrityViolationException("duplicate key",
                new SQLException("duplicate key", "23505")))).isFalse();
        assertThat(DatabaseOutage.isCause(new IllegalStateException("bug"))).isFalse();
    }

}
