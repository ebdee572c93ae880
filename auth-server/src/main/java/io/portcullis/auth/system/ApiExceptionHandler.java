package io.portcullis.auth.system;

import java.sql.SQLException;
import java.util.List;

import io.portcullis.auth.system.LogSanitizer;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import org.apache.tomcat.util.http.InvalidParameterException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Every refusal of the server's MVC endpoints as RFC 9457 problem+json: the framework's own (unreadable JSON, an
 * unknown field, a wrong type, a missing or out-of-range parameter...), {@link ApiProblem}s with their field
 * errors, and a concurrent change caught by the row version (412).
 */
@RestControllerAdvice
class ApiExceptionHandler extends ResponseEntityExceptionHandler {

    private static final Logger logger = LoggerFactory.getLogger(ApiExceptionHandler.class);

    @ExceptionHandler(ApiProblem.class)
    ResponseEntity<ProblemDetail> adminProblem(ApiProblem problem) {
        if (problem.status() == HttpStatus.BAD_REQUEST && !problem.errors().isEmpty()) {
            return problem(problem.status(), problem.getMessage(), withUnknownFields(problem.errors()));
        }
        return problem(problem.status(), problem.getMessage(), problem.errors());
    }

    @ExceptionHandler(OptimisticLockingFailureException.class)
    ResponseEntity<ProblemDetail> concurrentChange(OptimisticLockingFailureException ex) {
        ApiProblem problem = ApiProblem.preconditionFailed();
        return problem(problem.status(), problem.getMessage(), List.of());
    }

    /**
     * Tomcat's failure to parse the parameters (a malformed escape, more than 1,000 parameters, a form body over its
     * limit), thrown by the first read of a parameter and again by every later one: the request's fault, not a 500.
     */
    @ExceptionHandler(InvalidParameterException.class)
    ResponseEntity<ProblemDetail> unparsableParameters(InvalidParameterException ex) {
        return problem(HttpStatus.BAD_REQUEST, "The request's parameters cannot be read", List.of());
    }

    @ExceptionHandler(ConstraintViolationException.class)
    ResponseEntity<ProblemDetail> invalidParameter(ConstraintViolationException ex) {
        // @Validated controllers (the feed) check their parameters in a proxy, outside MVC's own validation
        List<ApiProblem.FieldError> errors = ex.getConstraintViolations()
            .stream()
            .map((violation) -> new ApiProblem.FieldError(parameter(violation), violation.getMessage()))
            .sorted(java.util.Comparator.comparing(ApiProblem.FieldError::field))
            .toList();
        return problem(HttpStatus.BAD_REQUEST, "The request has invalid parameters", withUnknownFields(errors));
    }

    @ExceptionHandler(DataIntegrityViolationException.class)
    ResponseEntity<ProblemDetail> integrityViolation(DataIntegrityViolationException ex) {
        if (ex.getMostSpecificCause() instanceof SQLException sql && "22021".equals(sql.getSQLState())) {
            // character_not_in_repertoire: a NUL in a JSON string, which PostgreSQL text cannot hold
            return problem(HttpStatus.BAD_REQUEST, "The request holds a NUL character, which cannot be stored",
                    List.of());
        }
        // the checks run before writing; this is a concurrent request that created or removed the same thing
        logger.info("Admin change refused by the database: {}",
                LogSanitizer.sanitize(ex.getMostSpecificCause().getMessage()));
        return problem(HttpStatus.CONFLICT, "The change conflicts with a concurrent change; read the resource again",
                List.of());
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<ApiProblem.FieldError> errors = ex.getBindingResult()
            .getFieldErrors()
            .stream()
            .map((error) -> new ApiProblem.FieldError(error.getField(), error.getDefaultMessage()))
            .toList();
        return ResponseEntity.badRequest()
            .body(body(HttpStatus.BAD_REQUEST, "The request has invalid fields", withUnknownFields(errors)));
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<ApiProblem.FieldError> errors = List.of();
        String detail = "The request body is not valid JSON for this endpoint";
        Throwable cause = ex.getMostSpecificCause();
        if (cause instanceof UnrecognizedPropertyException unknown) {
            errors = List.of(new ApiProblem.FieldError(path(unknown), "unknown field"));
            detail = "The request has invalid fields";
        }
        else if (cause instanceof DatabindException mismatch && !mismatch.getPath().isEmpty()) {
            errors = withUnknownFields(List.of(new ApiProblem.FieldError(path(mismatch), "has the wrong type or format")));
            detail = "The request has invalid fields";
        }
        else if (cause instanceof JacksonException) {
            detail = "The request body is not well-formed JSON";
        }
        return ResponseEntity.badRequest().body(body(HttpStatus.BAD_REQUEST, detail, errors));
    }

    /** {@code errors} and, first, the fields of the body that no endpoint knows, all in one answer. */
    private static List<ApiProblem.FieldError> withUnknownFields(List<ApiProblem.FieldError> errors) {
        List<ApiProblem.FieldError> unknown = UnknownFields.take();
        if (unknown.isEmpty()) {
            return errors;
        }
        List<ApiProblem.FieldError> all = new java.util.ArrayList<>(unknown);
        all.addAll(errors);
        return all;
    }

    private static String parameter(ConstraintViolation<?> violation) {
        String path = violation.getPropertyPath().toString();
        return path.substring(path.lastIndexOf('.') + 1);
    }

    private static String path(DatabindException ex) {
        return FieldPath.of(ex.getPath()
            .stream()
            .map((reference) -> (reference.getPropertyName() != null) ? (Object) reference.getPropertyName()
                    : (Object) reference.getIndex())
            .toList());
    }

    private static ResponseEntity<ProblemDetail> problem(HttpStatus status, String detail,
            List<ApiProblem.FieldError> errors) {
        return ResponseEntity.status(status).body(body(status, detail, errors));
    }

    private static ProblemDetail body(HttpStatus status, String detail, List<ApiProblem.FieldError> errors) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        if (!errors.isEmpty()) {
            problem.setProperty("errors", errors);
        }
        return problem;
    }

}
