package io.portcullis.resourceserver;

import java.sql.SQLException;

import org.junit.jupiter.api.Test;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.dao.TransientDataAccessResourceException;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;

import static org.assertj.core.api.Assertions.assertThat;

/** The platform's rules for failures no controller handled: which are the request's, which the database's. */
class ResourceServerProblemHandlerTests {

    private final ResourceServerProblemHandler handler = new ResourceServerProblemHandler();

    @Test
    void unexpectedWhenDatabaseRefusesAValueThenBadRequest() {
        // PostgreSQL's answer to a NUL in a text parameter, as PgJDBC reports it
        SQLException nul = new SQLException("invalid byte sequence for encoding \"UTF8\": 0x00", "22021");

        ResponseEntity<ProblemDetail> answer = this.handler
            .handleUnexpected(new DataIntegrityViolationException("could not execute statement", nul));

        assertThat(answer.getStatusCode().value()).isEqualTo(400);
        assertThat(answer.getBody().getDetail()).doesNotContain("UTF8");
    }

    @Test
    void unexpectedWhenDatabaseFailsOnTheServicesOwnSqlThenStillServerError() {
        // a division by zero is class 22 too, but the service's fault
        SQLException division = new SQLException("division by zero", "22012");

        assertThat(this.handler.handleUnexpected(new DataIntegrityViolationException("query", division))
            .getStatusCode()
            .value()).isEqualTo(500);
    }

    @Test
    void unexpectedWhenRowChangedMeanwhileThenConflictNotUnavailable() {
        // a transient failure to Spring, so it passed for an unreachable database (503)
        ResponseEntity<ProblemDetail> answer = this.handler
            .handleUnexpected(new RuntimeException(new OptimisticLockingFailureException("version 3 expected")));

        assertThat(answer.getStatusCode().value()).isEqualTo(409);
        assertThat(answer.getHeaders().getFirst("Retry-After")).isNull();
    }

    @Test
    void unexpectedWhenDatabaseUnreachableThenStillUnavailable() {
        ResponseEntity<ProblemDetail> answer = this.handler
            .handleUnexpected(new TransientDataAccessResourceException("connection refused"));

        assertThat(answer.getStatusCode().value()).isEqualTo(503);
        assertThat(answer.getHeaders().getFirst("Retry-After")).isEqualTo("2");
    }

}
