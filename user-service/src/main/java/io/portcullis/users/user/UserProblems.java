package io.portcullis.users.user;

import java.util.List;

import org.springframework.http.HttpStatus;

/** The failures of the users API that are not Spring MVC's own; each maps to one RFC 9457 status. */
public final class UserProblems {

    private UserProblems() {
    }

    /** A failure with an HTTP status, a detail and optionally field errors. */
    public static class UserProblem extends RuntimeException {

        private final HttpStatus status;

        private final List<FieldProblem> errors;

        UserProblem(HttpStatus status, String detail, List<FieldProblem> errors) {
            super(detail);
            this.status = status;
            this.errors = errors;
        }

        public HttpStatus status() {
            return this.status;
        }

        public List<FieldProblem> errors() {
            return this.errors;
        }

    }

    /** One invalid field of a request body. */
    public record FieldProblem(String field, String message) {
    }

    static UserProblem notFound() {
        return new UserProblem(HttpStatus.NOT_FOUND, "No user has this id", List.of());
    }

    static UserProblem preconditionRequired() {
        return new UserProblem(HttpStatus.PRECONDITION_REQUIRED,
                "Send If-Match with the ETag of the version you changed", List.of());
    }

    static UserProblem preconditionFailed() {
        return new UserProblem(HttpStatus.PRECONDITION_FAILED,
                "The user changed since you read it: read it again and retry", List.of());
    }

    static UserProblem conflict(String field) {
        return new UserProblem(HttpStatus.CONFLICT, "Another user has this " + field,
                List.of(new FieldProblem(field, "is already taken")));
    }

    static UserProblem invalid(List<FieldProblem> errors) {
        return new UserProblem(HttpStatus.BAD_REQUEST, "The request body is invalid", errors);
    }

}
