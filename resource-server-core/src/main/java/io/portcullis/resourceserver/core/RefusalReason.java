package io.portcullis.resourceserver.core;

import java.util.Locale;

import org.springframework.security.oauth2.jwt.JwtValidationException;

/**
 * Why a request was refused, at a service or at the gateway: written to the access log and counted in a refusal
 * metric ({@code portcullis.resource-server.refusals}, {@code portcullis.gateway.refusals}), never told to the caller
 * beyond RFC 6750's {@code error} code, so an operator can answer "why was I refused?" from the request id while an
 * attacker learns nothing.
 */
public enum RefusalReason {

    MISSING, MALFORMED, EXPIRED, NOT_YET_VALID, WRONG_AUDIENCE, WRONG_ISSUER, WRONG_TYPE, BAD_SIGNATURE, UNKNOWN_KEY,
    REVOKED, DUPLICATE_CREDENTIALS, INSUFFICIENT_SCOPE, CLIENT_NOT_ALLOWED, KEYS_UNAVAILABLE, TOO_LARGE;

    /** The request (or exchange) attribute holding the reason of a refused request. */
    public static final String ATTRIBUTE = RefusalReason.class.getName();

    /** The value in logs and metric tags: {@code wrong_audience}. */
    public String tag() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Classifies why a token failed validation, from the failure's messages: Spring Security's validators and
     * Nimbus name the check that failed, which is what an operator needs and a caller must not see.
     */
    public static RefusalReason ofInvalidToken(Throwable failure) {
        StringBuilder messages = new StringBuilder();
        for (Throwable cause = failure; cause != null; cause = (cause.getCause() != cause) ? cause.getCause() : null) {
            if (cause instanceof JwtValidationException invalid) {
                invalid.getErrors().forEach((error) -> messages.append(' ').append(error.getDescription()));
            }
            messages.append(' ').append(cause.getMessage());
        }
        String text = messages.toString().toLowerCase(Locale.ROOT);
        if (text.contains("expired")) {
            return EXPIRED;
        }
        if (text.contains("used before")) {
            return NOT_YET_VALID;
        }
        if (text.contains("aud claim")) {
            return WRONG_AUDIENCE;
        }
        if (text.contains("iss claim")) {
            return WRONG_ISSUER;
        }
        if (text.contains("typ value")) {
            return WRONG_TYPE;
        }
        if (text.contains("unknown signing key") || text.contains("no matching key")) {
            return UNKNOWN_KEY;
        }
        if (text.contains("invalid signature")) {
            return BAD_SIGNATURE;
        }
        return MALFORMED;
    }

}
