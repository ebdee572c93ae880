package io.portcullis.resourceserver;

import java.time.Duration;

import io.portcullis.lifecycle.DatabaseUnavailable;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.util.ClassUtils;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Every error a controller raises as RFC 9457 {@code application/problem+json} through Spring's
 * {@link ProblemDetail} machinery (404 for an unknown path included), plus the platform's rules: a body cut off at
 * {@code portcullis.resource-server.max-body-size} is 413, a database that cannot be reached is 503 with
 * {@code Retry-After} ({@link DatabaseUnavailable}), anything unexpected is a 500 without internals.
 * <p>
 * The starter registers one unless the service has its own {@link ResponseEntityExceptionHandler}; a service with
 * problems of its own extends this class and overrides {@link #handleUnreadableBody} for its field errors.
 */
@RestControllerAdvice
public class ResourceServerProblemHandler extends ResponseEntityExceptionHandler {

    private static final Log log = LogFactory.getLog(ResourceServerProblemHandler.class);

    private static final boolean DATA_ACCESS_PRESENT = ClassUtils.isPresent(
            "org.springframework.dao.DataAccessException", ResourceServerProblemHandler.class.getClassLoader());

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

    /** A body that is not readable (and not too large): Spring's 400 unless the service says more. */
    protected ResponseEntity<Object> handleUnreadableBody(HttpMessageNotReadableException ex, HttpHeaders headers,
            HttpStatusCode status, WebRequest request) {
        return super.handleHttpMessageNotReadable(ex, headers, status, request);
    }

    /**
     * Unexpected failures are logged and answered without internals; a database that cannot be reached (or fails
     * transiently) is an honest 503 with {@code Retry-After}, which the gateway and clients may retry.
     */
    @ExceptionHandler(RuntimeException.class)
    public ResponseEntity<ProblemDetail> handleUnexpected(RuntimeException ex) {
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

    private static long maxBytes(Throwable ex) {
        for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
            if (cause instanceof RequestBodyLimitFilter.TooLargeException tooLarge) {
                return tooLarge.maxBytes();
            }
        }
        return 0;
    }

}
