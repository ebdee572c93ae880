package io.portcullis.auth.security;

import io.portcullis.auth.system.ProblemResponses;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;

/** RFC 9457 answers with RFC 6750 {@code WWW-Authenticate} headers for the APIs read with bearer tokens. */
public final class BearerTokenProblems {

    private BearerTokenProblems() {
    }

    /** 401: no token, or one that is not valid here. */
    public static AuthenticationEntryPoint unauthorized() {
        return (request, response, ex) -> {
            boolean presented = request.getHeader(HttpHeaders.AUTHORIZATION) != null;
            response.setHeader(HttpHeaders.WWW_AUTHENTICATE, presented ? "Bearer error=\"invalid_token\"" : "Bearer");
            ProblemResponses.write(response, HttpStatus.UNAUTHORIZED, "A valid access token is required");
        };
    }

    /** 403: a valid token without {@code scope}. */
    public static AccessDeniedHandler insufficientScope(String scope) {
        return (request, response, ex) -> {
            response.setHeader(HttpHeaders.WWW_AUTHENTICATE,
                    "Bearer error=\"insufficient_scope\", scope=\"" + scope + "\"");
            ProblemResponses.write(response, HttpStatus.FORBIDDEN, "The access token lacks scope " + scope);
        };
    }

}
