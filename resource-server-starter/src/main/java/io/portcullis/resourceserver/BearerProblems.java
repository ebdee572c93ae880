package io.portcullis.resourceserver;

import java.util.Collection;

import io.portcullis.resourceserver.core.RefusalReason;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;

/**
 * RFC 6750 §3 challenges with RFC 9457 bodies. A token that fails any check gets only
 * {@code error="invalid_token"}: which check failed goes to the access log and the refusal metric
 * ({@link RefusalReason}), never to the caller.
 */
final class BearerProblems {

    static final String INVALID_TOKEN = "The access token is not valid";

    private BearerProblems() {
    }

    static AuthenticationEntryPoint entryPoint() {
        return (request, response, ex) -> {
            if (ex instanceof OAuth2AuthenticationException oauth
                    && OAuth2ErrorCodes.INVALID_REQUEST.equals(oauth.getError().getErrorCode())) {
                Refusals.record(request, RefusalReason.DUPLICATE_CREDENTIALS);
                ProblemResponses.write(response, HttpStatus.BAD_REQUEST, "The request carries more than one credential",
                        "Bearer error=\"invalid_request\"");
                return;
            }
            if (ex instanceof OAuth2AuthenticationException || request.getHeader(HttpHeaders.AUTHORIZATION) != null) {
                Refusals.record(request, RefusalReason.ofInvalidToken(ex));
                ProblemResponses.write(response, HttpStatus.UNAUTHORIZED, INVALID_TOKEN,
                        "Bearer error=\"invalid_token\"");
                return;
            }
            Refusals.record(request, RefusalReason.MISSING);
            ProblemResponses.write(response, HttpStatus.UNAUTHORIZED, "An access token is required", "Bearer");
        };
    }

    static AccessDeniedHandler accessDenied() {
        return (request, response, ex) -> {
            Collection<String> scopes = EndpointScopes.requiredOf(request);
            Refusals.record(request, RefusalReason.INSUFFICIENT_SCOPE);
            if (scopes.isEmpty()) {
                ProblemResponses.write(response, HttpStatus.FORBIDDEN, "This endpoint is not open to access tokens",
                        "Bearer error=\"insufficient_scope\"");
                return;
            }
            String scope = String.join(" ", scopes);
            ProblemResponses.write(response, HttpStatus.FORBIDDEN, "The access token lacks scope " + scope,
                    "Bearer error=\"insufficient_scope\", scope=\"" + scope + "\"");
        };
    }

}
