package io.portcullis.orders.order;

import java.time.Duration;
import java.util.UUID;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** Where an order learns whether its user may order: the user-service, asked by this service as itself. */
public interface UserLookup {

    /**
     * The standing of {@code userId} now.
     * @throws Unavailable when the user-service cannot answer in time (down, slow, refusing this service)
     */
    UserStanding standing(UUID userId);

    /** What the user-service says of a user. */
    enum UserStanding {

        ACTIVE, DISABLED, UNKNOWN

    }

    /** The user-service could not answer: 503 with {@code Retry-After}, never a hang and never a 500. */
    final class Unavailable extends ErrorResponseException {

        public Unavailable(Duration retryAfter, Throwable cause) {
            super(HttpStatus.SERVICE_UNAVAILABLE, ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
                    "The user-service cannot confirm the order's user now; retry later"), cause);
            getHeaders().set("Retry-After", Long.toString(Math.max(1, retryAfter.toSeconds())));
        }

    }

}
