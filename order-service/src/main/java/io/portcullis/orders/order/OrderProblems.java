package io.portcullis.orders.order;

import java.util.List;
import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * The failures of the orders API that are not Spring MVC's own, as {@link ErrorResponseException}s: Spring MVC
 * answers each with its RFC 9457 problem and headers.
 */
final class OrderProblems {

    private OrderProblems() {
    }

    static ErrorResponseException notFound() {
        return problem(HttpStatus.NOT_FOUND, "No order has this id", null);
    }

    /** A token without {@code client_id}, which the platform does not issue: nobody to record as the placer. */
    static ErrorResponseException clientUnknown() {
        return problem(HttpStatus.FORBIDDEN, "The access token names no client (client_id) to place the order for",
                null);
    }

    static ErrorResponseException preconditionFailed() {
        return problem(HttpStatus.PRECONDITION_FAILED, "The order changed since you read it: read it again and retry",
                null);
    }

    /** RFC 9110 §15.5.21: the request is well-formed, but names a user who cannot order. */
    static ErrorResponseException userCannotOrder(String reason) {
        return problem(HttpStatus.UNPROCESSABLE_CONTENT, "The order's user " + reason,
                List.of(Map.of("field", "userId", "message", reason)));
    }

    private static ErrorResponseException problem(HttpStatus status, String detail, List<Map<String, String>> errors) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        if (errors != null) {
            problem.setProperty("errors", errors);
        }
        return new ErrorResponseException(status, problem, null);
    }

}
