package io.portcullis.orders.user;

import java.time.Duration;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.portcullis.orders.order.UserLookup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.HttpStatus;
import org.springframework.security.oauth2.core.OAuth2AuthorizationException;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

/**
 * Asks the user-service ({@code GET /users/{id}}) as this service: its own client-credentials token and its own
 * certificate, through {@link UserServiceClientConfiguration}'s client. Anything but an answer about the user (no
 * connection, a timeout, no token, a refusal of this service, a 5xx) means the user cannot be confirmed now.
 */
final class UserServiceLookup implements UserLookup {

    private static final Logger logger = LoggerFactory.getLogger(UserServiceLookup.class);

    private final RestClient users;

    private final Duration retryAfter;

    UserServiceLookup(RestClient users, Duration retryAfter) {
        this.users = users;
        this.retryAfter = retryAfter;
    }

    @Override
    public UserStanding standing(UUID userId) {
        try {
            return this.users.get().uri("/users/{id}", userId).exchange((request, response) -> {
                if (response.getStatusCode().isSameCodeAs(HttpStatus.NOT_FOUND)) {
                    return UserStanding.UNKNOWN;
                }
                if (response.getStatusCode().isSameCodeAs(HttpStatus.OK)) {
                    UserView user = response.bodyTo(UserView.class);
                    return (user != null && "ACTIVE".equals(user.status())) ? UserStanding.ACTIVE
                            : UserStanding.DISABLED;
                }
                throw unavailable("the user-service answered " + response.getStatusCode().value(), null);
            });
        }
        catch (RestClientException | OAuth2AuthorizationException ex) {
            throw unavailable(ex.getMessage(), ex);
        }
    }

    private Unavailable unavailable(String reason, Throwable cause) {
        logger.warn("Cannot confirm a user with the user-service: {}", reason);
        return new Unavailable(this.retryAfter, cause);
    }

    /** The part of the user-service's user this service reads; the rest is not its business. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record UserView(String status) {
    }

}
