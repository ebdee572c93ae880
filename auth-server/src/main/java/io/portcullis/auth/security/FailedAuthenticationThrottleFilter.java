package io.portcullis.auth.security;

import java.io.IOException;
import java.time.Duration;
import java.util.Set;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import io.portcullis.auth.system.OAuth2ErrorResponses;

import org.springframework.http.HttpHeaders;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Answers 429 with {@code Retry-After} while a client_id is locked out, and feeds the outcome of every client
 * authentication on the OAuth endpoints to the {@link FailedAuthenticationThrottle}.
 */
final class FailedAuthenticationThrottleFilter extends OncePerRequestFilter {

    private final Set<String> paths;

    private final FailedAuthenticationThrottle throttle;

    FailedAuthenticationThrottleFilter(Set<String> paths, FailedAuthenticationThrottle throttle) {
        this.paths = paths;
        this.throttle = throttle;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !this.paths.contains(request.getRequestURI());
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String clientId = ClaimedClientId.of(request);
        if (clientId == null) {
            chain.doFilter(request, response);
            return;
        }
        Duration wait = this.throttle.retryAfter(clientId);
        if (!wait.isZero()) {
            response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, wait.toSeconds())));
            OAuth2ErrorResponses.write(response, 429, "temporarily_unavailable",
                    "Too many failed authentication attempts for this client; retry later");
            return;
        }
        chain.doFilter(request, response);
        if (response.getStatus() == HttpServletResponse.SC_UNAUTHORIZED) {
            this.throttle.recordFailure(clientId);
        }
        else if (response.getStatus() < 300) {
            this.throttle.recordSuccess(clientId);
        }
    }

}
