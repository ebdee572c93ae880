package io.portcullis.resourceserver;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import io.portcullis.resourceserver.core.TokenClaims;
import org.slf4j.MDC;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Puts the validated token's {@code client_id} into every log line of the request (MDC key {@code client_id}) and
 * into a request attribute for the access log, which is written after the MDC is cleared.
 */
final class ClientIdFilter extends OncePerRequestFilter {

    static final String ATTRIBUTE = "io.portcullis.resourceserver.client_id";

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        String clientId = (authentication instanceof JwtAuthenticationToken token)
                ? TokenClaims.clientId(token.getToken()) : null;
        if (clientId == null) {
            chain.doFilter(request, response);
            return;
        }
        request.setAttribute(ATTRIBUTE, clientId);
        MDC.put("client_id", clientId);
        try {
            chain.doFilter(request, response);
        }
        finally {
            MDC.remove("client_id");
        }
    }

}
