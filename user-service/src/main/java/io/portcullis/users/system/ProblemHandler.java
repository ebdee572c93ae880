package io.portcullis.users.system;

import java.util.Comparator;
import java.util.List;

import io.portcullis.users.user.UserProblems;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Every error of the API as RFC 9457 {@code application/problem+json}; invalid input lists its field errors under
 * {@code errors}. Nothing here echoes request content beyond field names.
 */
@RestControllerAdvice
class ProblemHandler extends ResponseEntityExceptionHandler {

    @ExceptionHandler(UserProblems.UserProblem.class)
    ProblemDetail handleUserProblem(UserProblems.UserProblem problem) {
        ProblemDetail detail = ProblemDetail.forStatusAndDetail(problem.status(), problem.getMessage());
        if (!problem.errors().isEmpty()) {
            detail.setProperty("errors", problem.errors());
        }
        return detail;
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<UserProblems.FieldProblem> errors = ex.getBindingResult()
            .getFieldErrors()
            .stream()
            .map((error) -> new UserProblems.FieldProblem(error.getField(), message(error)))
            .sorted(Comparator.comparing(UserProblems.FieldProblem::field)
                .thenComparing(UserProblems.FieldProblem::message))
            .toList();
        return invalid("The request body is invalid", errors, headers);
    }

    @Override
    protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<UserProblems.FieldProblem> errors = ex.getParameterValidationResults()
            .stream()
            .flatMap((result) -> result.getResolvableErrors()
                .stream()
                .map((error) -> new UserProblems.FieldProblem(result.getMethodParameter().getParameterName(),
                        error.getDefaultMessage())))
            .toList();
        return invalid("The request parameters are invalid", errors, headers);
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        if (RequestSizeLimitFilter.isTooLarge(ex)) {
            ProblemDetail detail = ProblemDetail.forStatusAndDetail(HttpStatus.CONTENT_TOO_LARGE,
                    "The request body is larger than " + RequestSizeLimitFilter.MAX_BYTES + " bytes");
            return handleExceptionInternal(ex, detail, headers, HttpStatus.CONTENT_TOO_LARGE, request);
        }
        Throwable cause = ex.getMostSpecificCause();
        String field = (cause instanceof MismatchedInputException mismatch) ? path(mismatch) : "";
        String message;
        if (cause instanceof UnrecognizedPropertyException) {
            message = "is not a field that can be set";
        }
        else if (cause instanceof InvalidFormatException) {
            message = "has a value of the wrong type or format";
        }
        else if (cause instanceof MismatchedInputException) {
            message = "has a value of the wrong type";
        }
        else {
            return invalid("The request body is not well-formed JSON", List.of(), headers);
        }
        return invalid("The request body is invalid", List.of(new UserProblems.FieldProblem(field, message)),
                headers);
    }

    private ResponseEntity<Object> invalid(String detailText, List<UserProblems.FieldProblem> errors,
            HttpHeaders headers) {
        ProblemDetail detail = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, detailText);
        if (!errors.isEmpty()) {
            detail.setProperty("errors", errors);
        }
        return ResponseEntity.badRequest().headers(headers).body(detail);
    }

    private static String path(MismatchedInputException ex) {
        return String.join(".", ex.getPath().stream().map((reference) -> (reference.getPropertyName() != null)
                ? reference.getPropertyName() : String.valueOf(reference.getIndex())).toList());
    }

    private static String message(FieldError error) {
        return (error.getDefaultMessage() != null) ? error.getDefaultMessage() : "is invalid";
    }

    /**
     * Unexpected failures are logged by Spring and answered without internals; a database that cannot be reached
     * (or fails transiently) is an honest 503 with {@code Retry-After}, which the gateway and clients may retry.
     */
    @ExceptionHandler(RuntimeException.class)
    ResponseEntity<ProblemDetail> handleUnexpected(RuntimeException ex) {
        if (DatabaseUnavailable.isCause(ex)) {
            logger.warn("Database unavailable: " + ex.getMessage());
            return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header(HttpHeaders.RETRY_AFTER, Long.toString(DatabaseUnavailable.RETRY_AFTER.toSeconds()))
                .body(ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
                        "The service cannot reach its database; retry later"));
        }
        logger.error("Unexpected failure", ex);
        return ResponseEntity.status(HttpStatus.INTERNAL_SERVER_ERROR)
            .body(ProblemDetail.forStatusAndDetail(HttpStatus.INTERNAL_SERVER_ERROR, "Unexpected failure"));
    }

}
