package io.portcullis.users.security;

import java.io.IOException;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;

/**
 * RFC 6750 §3 challenges with RFC 9457 bodies. A token that fails any check gets only
 * {@code error="invalid_token"}: which check failed is not revealed to the caller.
 */
final class BearerProblems {

    private BearerProblems() {
    }

    static AuthenticationEntryPoint entryPoint() {
        return (request, response, ex) -> {
            boolean tokenSent = ex instanceof InvalidBearerTokenException
                    || (ex.getCause() != null && request.getHeader(HttpHeaders.AUTHORIZATION) != null)
                    || request.getHeader(HttpHeaders.AUTHORIZATION) != null;
            if (tokenSent) {
                write(response, 401, "Bearer error=\"invalid_token\"", "Unauthorized", "The access token is not valid");
            }
            else {
                write(response, 401, "Bearer", "Unauthorized", "An access token is required");
            }
        };
    }

    static AccessDeniedHandler accessDenied() {
        return (request, response, ex) -> {
            String scope = EndpointScopes.requiredBy(request);
            write(response, 403, "Bearer error=\"insufficient_scope\", scope=\"" + scope + "\"", "Forbidden",
                    "The access token lacks scope " + scope);
        };
    }

    /** Writes a problem body; {@code challenge} becomes {@code WWW-Authenticate} unless null. */
    static void write(HttpServletResponse response, int status, String challenge, String title, String detail)
            throws IOException {
        response.setStatus(status);
        if (challenge != null) {
            response.setHeader(HttpHeaders.WWW_AUTHENTICATE, challenge);
        }
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.getWriter()
            .write("{\"type\":\"about:blank\",\"title\":\"" + title + "\",\"status\":" + status + ",\"detail\":\""
                    + detail + "\"}");
    }

}
