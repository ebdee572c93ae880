package io.portcullis.auth.system;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
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
        // the query string alone, decoded here: the parameter map would parse a form body too, and Tomcat keeps a
        // malformed one's failure for every later read of a parameter (a 500 where the endpoint takes no form)
        boolean control;
        try {
            control = LogSanitizer.hasControlCharacters(
                    URLDecoder.decode(request.getQueryString().replace('&', ' ').replace('=', ' '),
                            StandardCharsets.UTF_8));
        }
        catch (IllegalArgumentException malformed) {
            control = false; // a malformed escape is answered by whoever reads the parameter
        }
        if (control) {
            ProblemResponses.write(response, HttpStatus.BAD_REQUEST,
                    "Query parameters must not contain control characters");
            return;
        }
        chain.doFilter(request, response);
    }

}
