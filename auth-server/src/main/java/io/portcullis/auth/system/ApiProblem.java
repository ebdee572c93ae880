package io.portcullis.auth.system;

import java.util.List;

import org.springframework.http.HttpStatus;

/**
 * A refusal of the admin API, answered as RFC 9457 problem+json by {@link ApiExceptionHandler}. Thrown before
 * anything is written, or inside the transaction so that the change is rolled back.
 */
public final class ApiProblem extends RuntimeException {

    private final HttpStatus status;

    private final List<FieldError> errors;

    private ApiProblem(HttpStatus status, String detail, List<FieldError> errors) {
        super(detail, null, false, false);
        this.status = status;
        this.errors = List.copyOf(errors);
    }

    public static ApiProblem notFound(String detail) {
        return new ApiProblem(HttpStatus.NOT_FOUND, detail, List.of());
    }

    public static ApiProblem conflict(String detail) {
        return new ApiProblem(HttpStatus.CONFLICT, detail, List.of());
    }

    public static ApiProblem preconditionFailed() {
        return new ApiProblem(HttpStatus.PRECONDITION_FAILED,
                "If-Match does not match the current ETag: the resource was changed; read it again", List.of());
    }

    public static ApiProblem invalid(List<FieldError> errors) {
        return new ApiProblem(HttpStatus.BAD_REQUEST, "The request has invalid fields", errors);
    }

    public static ApiProblem invalid(String field, String message) {
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
