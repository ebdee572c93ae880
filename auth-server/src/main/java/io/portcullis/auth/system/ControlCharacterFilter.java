package io.portcullis.auth.system;

import java.io.IOException;
import java.util.Arrays;
import java.util.Set;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses query parameters with control characters (NUL, CR, LF...) on the admin API and the feed with a 400
 * problem: no name, filter or id of this server holds one, and PostgreSQL would reject a NUL only after the query
 * was sent. The OAuth endpoints have their own RFC 6749 check and are skipped here.
 */
final class ControlCharacterFilter extends OncePerRequestFilter {

    private final Set<String> skipped;

    ControlCharacterFilter(Set<String> skipped) {
        this.skipped = skipped;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return request.getQueryString() == null || this.skipped.contains(RequestPaths.of(request));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        boolean control;
        try {
            control = request.getParameterMap().entrySet().stream()
                .anyMatch((parameter) -> LogSanitizer.hasControlCharacters(parameter.getKey())
                        || Arrays.stream(parameter.getValue()).anyMatch(LogSanitizer::hasControlCharacters));
        }
        catch (IllegalStateException ex) {
            control = false; // an unparsable body is answered by whoever reads it
        }
        if (control) {
            ProblemResponses.write(response, HttpStatus.BAD_REQUEST,
                    "Query parameters must not contain control characters");
            return;
        }
        chain.doFilter(request, response);
    }

}
