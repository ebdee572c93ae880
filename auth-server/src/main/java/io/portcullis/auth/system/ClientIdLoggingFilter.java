package io.portcullis.auth.system;

import java.io.IOException;
import java.util.Set;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.MDC;

import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Puts the client_id a request to an OAuth endpoint claims into every log line written while it is handled (MDC key
 * client_id), escaped so that it cannot break a plain-text line. Elsewhere (the admin API, the feed) the caller is
 * named by its token, and its body is no form to read: reading one there answered a malformed form body with a 500.
 */
final class ClientIdLoggingFilter extends OncePerRequestFilter {

    static final String MDC_KEY = "client_id";

    private final Set<String> paths;

    ClientIdLoggingFilter(Set<String> paths) {
        this.paths = paths;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !"POST".equals(request.getMethod()) || !this.paths.contains(RequestPaths.of(request));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String clientId = ClaimedClientId.of(request);
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
