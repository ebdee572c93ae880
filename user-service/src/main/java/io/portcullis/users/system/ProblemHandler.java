package io.portcullis.users.system;

import java.util.Comparator;
import java.util.List;

import io.portcullis.resourceserver.ResourceServerProblemHandler;
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

/**
 * Every error of the API as RFC 9457 {@code application/problem+json}; invalid input lists its field errors under
 * {@code errors}. Nothing here echoes request content beyond field names. The platform's rules (413, 503 when the
 * database is unavailable, 500 without internals) come from the starter's {@link ResourceServerProblemHandler}.
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
    protected ResponseEntity<Object> handleUnreadableBody(HttpMessageNotReadableException ex, HttpHeaders headers,
            HttpStatusCode status, WebRequest request) {
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

}
