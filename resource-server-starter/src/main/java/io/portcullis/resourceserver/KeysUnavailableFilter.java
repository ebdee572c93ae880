package io.portcullis.resourceserver;

import java.io.IOException;
import java.time.Duration;

import io.portcullis.resourceserver.core.RefusalReason;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * When tokens cannot be checked at all (the JWKS was never fetched and the auth-server does not answer), the
 * caller is told the truth, 503 with {@code Retry-After}, instead of a 500 or a misleading 401.
 */
final class KeysUnavailableFilter extends OncePerRequestFilter {

    private final Duration retryAfter;

    KeysUnavailableFilter(Duration retryAfter) {
        this.retryAfter = retryAfter;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        try {
            chain.doFilter(request, response);
        }
        catch (AuthenticationServiceException ex) {
            if (response.isCommitted()) {
                throw ex;
            }
            response.resetBuffer();
            Refusals.record(request, RefusalReason.KEYS_UNAVAILABLE);
            response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(this.retryAfter.toSeconds()));
            ProblemResponses.write(response, HttpStatus.SERVICE_UNAVAILABLE,
                    "Access tokens cannot be verified right now", null);
        }
    }

}
