package io.portcullis.auth.admin;

import java.util.List;

import org.springframework.http.HttpStatus;

/**
 * A refusal of the admin API, answered as RFC 9457 problem+json by {@link AdminExceptionHandler}. Thrown before
 * anything is written, or inside the transaction so that the change is rolled back.
 */
public final class AdminProblem extends RuntimeException {

    private final HttpStatus status;

    private final List<FieldError> errors;

    private AdminProblem(HttpStatus status, String detail, List<FieldError> errors) {
        super(detail, null, false, false);
        this.status = status;
        this.errors = List.copyOf(errors);
    }

    public static AdminProblem notFound(String detail) {
        return new AdminProblem(HttpStatus.NOT_FOUND, detail, List.of());
    }

    public static AdminProblem conflict(String detail) {
        return new AdminProblem(HttpStatus.CONFLICT, detail, List.of());
    }

    public static AdminProblem preconditionFailed() {
        return new AdminProblem(HttpStatus.PRECONDITION_FAILED,
                "If-Match does not match the current ETag: the resource was changed; read it again", List.of());
    }

    public static AdminProblem invalid(List<FieldError> errors) {
        return new AdminProblem(HttpStatus.BAD_REQUEST, "The request has invalid fields", errors);
    }

    public static AdminProblem invalid(String field, String message) {
        return invalid(List.of(new FieldError(field, message)));
    }

    public HttpStatus status() {
        return this.status;
    }

    public List<FieldError> errors() {
        return this.errors;
    }

    /** One invalid field: its JSON name (with an index for list elements) and what is wrong with it. */
    public record FieldError(String field, String message) {
    }

}
