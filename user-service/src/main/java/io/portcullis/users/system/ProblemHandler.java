package io.portcullis.users.system;

import io.portcullis.resourceserver.ResourceServerProblemHandler;
import io.portcullis.users.user.UserProblems;

import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Every error of the API as RFC 9457 {@code application/problem+json}: the users API's own problems here; invalid
 * input with its field errors under {@code errors}, and the platform's rules (413, 503 when the database is
 * unavailable, 500 without internals) come from the starter's {@link ResourceServerProblemHandler}.
 */
@RestControllerAdvice
class ProblemHandler extends ResourceServerProblemHandler {

    @ExceptionHandler(UserProblems.UserProblem.class)
    ProblemDetail handleUserProblem(UserProblems.UserProblem problem) {
        ProblemDetail detail = ProblemDetail.forStatusAndDetail(problem.status(), problem.getMessage());
        if (!problem.errors().isEmpty()) {
            detail.setProperty("errors", problem.errors());
        }
        return detail;
    }

}
