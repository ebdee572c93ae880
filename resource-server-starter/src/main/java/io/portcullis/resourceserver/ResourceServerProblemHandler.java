package io.portcullis.resourceserver;

import java.sql.SQLException;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

import io.portcullis.lifecycle.DatabaseUnavailable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.InputCoercionException;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.tomcat.util.http.InvalidParameterException;

import org.springframework.beans.TypeMismatchException;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.util.ClassUtils;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Every error a controller raises as RFC 9457 {@code application/problem+json} through Spring's
 * {@link ProblemDetail} machinery (404 for an unknown path included), plus the platform's rules: a body cut off at
 * {@code portcullis.resource-server.max-body-size} is 413, a database that cannot be reached is 503 with
 * {@code Retry-After} ({@link DatabaseUnavailable}), a row changed between its read and its write (an optimistic lock's
 * failure that nothing caught) is 409, a value the database cannot store (a NUL, too long, out of range) is 400, anything
 * unexpected is a 500 without internals.
 * <p>
 * Invalid input lists its fields under {@code errors} ({@link FieldProblem}): a body Jackson cannot read, bean
 * validation of a body or of a handler's parameters. Nothing here echoes request content beyond field names.
 * <p>
 * The starter registers one unless the service has its own {@link ResponseEntityExceptionHandler}; a service with
 * problems of its own extends this class.
 */
@RestControllerAdvice
public class ResourceServerProblemHandler extends ResponseEntityExceptionHandler {

    private static final Log log = LogFactory.getLog(ResourceServerProblemHandler.class);

    private static final boolean DATA_ACCESS_PRESENT = ClassUtils.isPresent(
            "org.springframework.dao.DataAccessException", ResourceServerProblemHandler.class.getClassLoader());

    private static final boolean TOMCAT_PRESENT = ClassUtils.isPresent(
            "org.apache.tomcat.util.http.InvalidParameterException", ResourceServerProblemHandler.class.getClassLoader());

    private static final Set<String> UNSTORABLE = Set.of("22021", "22P05", "22001", "22003");

    private Duration databaseRetryAfter = Duration.ofSeconds(2);

    /** Takes {@code portcullis.resource-server.database-retry-after}. */
    @Autowired(required = false)
    public void setResourceServerProperties(ResourceServerProperties properties) {
        this.databaseRetryAfter = properties.databaseRetryAfter();
    }

    @Override
    protected final ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        if (RequestBodyLimitFilter.isTooLarge(ex)) {
            long max = maxBytes(ex);
            ProblemDetail detail = ProblemDetail.forStatusAndDetail(HttpStatus.CONTENT_TOO_LARGE,
                    "The request body is larger than " + max + " bytes");
            return handleExceptionInternal(ex, detail, headers, HttpStatus.CONTENT_TOO_LARGE, request);
        }
        return handleUnreadableBody(ex, headers, status, request);
    }

    /**
     * A body that is not readable (and not too large): a 400 naming the field whose value Jackson could not take (an
     * unknown field, a value of the wrong JSON type or format), or saying the body is not well-formed JSON.
     */
    protected ResponseEntity<Object> handleUnreadableBody(HttpMessageNotReadableException ex, HttpHeaders headers,
            HttpStatusCode status, WebRequest request) {
        Throwable cause = ex.getMostSpecificCause();
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
        else if (cause instanceof InputCoercionException) {
            message = "has a number out of range";
        }
        else {
            return invalid("The request body is not well-formed JSON", List.of(), headers);
        }
        String field = path((JacksonException) cause);
        return invalid("The request body is invalid", List.of(new FieldProblem(field, message)), headers);
    }

    /**
     * A query parameter or path variable that cannot be converted to its type ({@code ?status=SHIPPED},
     * {@code /orders/not-a-uuid}): a 400 naming it, without echoing the value as Spring's own answer does.
     */
    @Override
    protected ResponseEntity<Object> handleTypeMismatch(TypeMismatchException ex, HttpHeaders headers,
            HttpStatusCode status, WebRequest request) {
        String name = (ex instanceof MethodArgumentTypeMismatchException mismatch) ? mismatch.getName()
                : ex.getPropertyName();
        return invalid("The request parameters are invalid",
                List.of(new FieldProblem((name != null) ? name : "", "has a value of the wrong type")), headers);
    }

    /** Bean validation of a {@code @Valid} body: a 400 listing every invalid field, sorted. */
    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<FieldProblem> errors = ex.getBindingResult()
            .getFieldErrors()
            .stream()
            .map((error) -> new FieldProblem(error.getField(),
                    (error.getDefaultMessage() != null) ? error.getDefaultMessage() : "is invalid"))
            .sorted(Comparator.comparing(FieldProblem::field).thenComparing(FieldProblem::message))
            .toList();
        return invalid("The request body is invalid", errors, headers);
    }

    /** Bean validation of a handler's parameters ({@code @Min} on a query parameter): a 400 naming each. */
    @Override
    protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<FieldProblem> errors = ex.getParameterValidationResults()
            .stream()
            .flatMap((result) -> result.getResolvableErrors()
                .stream()
                .map((error) -> new FieldProblem(result.getMethodParameter().getParameterName(),
                        error.getDefaultMessage())))
            .toList();
        return invalid("The request parameters are invalid", errors, headers);
    }

    /** One invalid field of a request: its JSON path (or parameter name) and what is wrong with it. */
    public record FieldProblem(String field, String message) {

    }

    private static ResponseEntity<Object> invalid(String detailText, List<FieldProblem> errors, HttpHeaders headers) {
        ProblemDetail detail = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, detailText);
        if (!errors.isEmpty()) {
            detail.setProperty("errors", errors);
        }
        return ResponseEntity.badRequest().headers(headers).body(detail);
    }

    private static String path(JacksonException ex) {
        return String.join(".", ex.getPath().stream().map((reference) -> (reference.getPropertyName() != null)
                ? reference.getPropertyName() : String.valueOf(reference.getIndex())).toList());
    }

    /**
     * Unexpected failures are logged and answered without internals; a database that cannot be reached (or fails
     * transiently) is an honest 503 with {@code Retry-After}, which the gateway and clients may retry.
     */
    @ExceptionHandler(RuntimeException.class)
    public ResponseEntity<ProblemDetail> handleUnexpected(RuntimeException ex) {
        if (DATA_ACCESS_PRESENT && cause(ex, OptimisticLockingFailureException.class) != null) {
            // a row changed between its read and its write; a transient failure to Spring, but not of the database
            return ResponseEntity.status(HttpStatus.CONFLICT)
                .body(ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT,
                        "The resource was changed at the same time; read it again and retry"));
        }
        HttpStatus unparsable = unparsableParameters(ex);
        if (unparsable != null) {
            return ResponseEntity.status(unparsable)
                .body(ProblemDetail.forStatusAndDetail(unparsable, (unparsable == HttpStatus.CONTENT_TOO_LARGE)
                        ? "The request's parameters are larger than the server parses"
                        : "The request's parameters cannot be parsed"));
        }
        String unstorable = unstorableValue(ex);
        if (unstorable != null) {
            log.warn("A value the database cannot store (SQLState " + unstorable + "), answered 400: "
                    + ex.getClass().getName());
            return ResponseEntity.badRequest()
                .body(ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
                        "The request holds a value that cannot be stored, such as a NUL character"));
        }
        if (DATA_ACCESS_PRESENT && DatabaseUnavailable.isCause(ex)) {
            log.warn("Database unavailable: " + ex.getMessage());
            return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header(HttpHeaders.RETRY_AFTER, Long.toString(this.databaseRetryAfter.toSeconds()))
                .body(ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
                        "The service cannot reach its database; retry later"));
        }
        log.error("Unexpected failure", ex);
        return ResponseEntity.status(HttpStatus.INTERNAL_SERVER_ERROR)
            .body(ProblemDetail.forStatusAndDetail(HttpStatus.INTERNAL_SERVER_ERROR, "Unexpected failure"));
    }

    /** The first of {@code ex} and its causes that is a {@code type}, or {@code null}. */
    private static <T extends Throwable> T cause(Throwable ex, Class<T> type) {
        for (Throwable cause = ex; cause != null; cause = (cause.getCause() != cause) ? cause.getCause() : null) {
            if (type.isInstance(cause)) {
                return type.cast(cause);
            }
        }
        return null;
    }

    /**
     * The SQLState of a value the database refused as such, or {@code null}: a character it cannot hold (22021, a NUL
     * in a text column; 22P05), a string longer than its column (22001), a number out of its column's range (22003):
     * the request's fault, whichever field a service forgot to check. Not the rest of class 22 (a division by zero, a
     * cast the service wrote): those are the service's own faults and stay 500s.
     */
    private static String unstorableValue(Throwable ex) {
        SQLException sql = cause(ex, SQLException.class);
        return (sql != null && UNSTORABLE.contains(sql.getSQLState())) ? sql.getSQLState() : null;
    }

    /**
     * Tomcat's refusal to parse the request's parameters, raised where a handler first reads one: the request's
     * fault, with the status Tomcat gives it (400 for a malformed escape or more than
     * {@code server.tomcat.max-parameter-count}, 413 for a form body over
     * {@code server.tomcat.max-http-form-post-size}); {@code null} for any other failure, or without Tomcat.
     */
    private static HttpStatus unparsableParameters(Throwable ex) {
        if (!TOMCAT_PRESENT) {
            return null;
        }
        InvalidParameterException invalid = cause(ex, InvalidParameterException.class);
        if (invalid == null) {
            return null;
        }
        HttpStatus status = HttpStatus.resolve(invalid.getErrorCode());
        return (status != null && status.is4xxClientError()) ? status : HttpStatus.BAD_REQUEST;
    }

    private static long maxBytes(Throwable ex) {
        RequestBodyLimitFilter.TooLargeException tooLarge = cause(ex, RequestBodyLimitFilter.TooLargeException.class);
        return (tooLarge != null) ? tooLarge.maxBytes() : 0;
    }

}
