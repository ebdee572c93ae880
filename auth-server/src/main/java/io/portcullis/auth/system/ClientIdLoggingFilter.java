package io.portcullis.auth.system;

import java.io.IOException;

import io.portcullis.auth.system.ClaimedClientId;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.MDC;

import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Puts the client_id a request claims into every log line written while it is handled (MDC key client_id),
 * escaped so that it cannot break a plain-text line.
 */
final class ClientIdLoggingFilter extends OncePerRequestFilter {

    static final String MDC_KEY = "client_id";

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String clientId = "POST".equals(request.getMethod()) ? ClaimedClientId.of(request) : null;
        if (clientId == null) {
            chain.doFilter(request, response);
            return;
        }
        MDC.put(MDC_KEY, LogSanitizer.sanitize(clientId));
        try {
            chain.doFilter(request, response);
        }
        finally {
            MDC.remove(MDC_KEY);
        }
    }

}
