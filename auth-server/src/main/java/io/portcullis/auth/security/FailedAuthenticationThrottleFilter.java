package io.portcullis.auth.security;

import java.io.IOException;
import java.time.Duration;
import java.util.Set;

import io.portcullis.auth.system.ClaimedClientId;
import io.portcullis.auth.system.OAuth2ErrorResponses;
import io.portcullis.auth.system.RequestPaths;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ContentCachingResponseWrapper;

/**
 * Feeds the outcome of every client authentication on the OAuth endpoints to the
 * {@link FailedAuthenticationThrottle}, and answers a failed authentication with 429 and {@code Retry-After}
 * instead of 401 while its source address, or its (client_id, source address) pair, is over the limit.
 * Authentication always runs: a request with correct credentials is served whatever others sent before, so
 * failed guesses cannot lock out a client. The source address is the connection's peer; {@code X-Forwarded-For}
 * counts only where {@code server.forward-headers-strategy} says to trust it.
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
        return !this.paths.contains(RequestPaths.of(request));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String clientId = ClaimedClientId.of(request);
        String address = request.getRemoteAddr();
        Duration wait = this.throttle.retryAfter(clientId, address);
        if (wait.isZero()) {
            // not over the limit: the answer goes out as it is written, only its status is counted (no copy of
            // every token response through a buffer)
            chain.doFilter(request, response);
            record(response.getStatus(), clientId, address);
            return;
        }
        // over the limit: the answer is held back until the outcome is known, a 401 becomes a 429
        ContentCachingResponseWrapper held = new ContentCachingResponseWrapper(response);
        chain.doFilter(request, held);
        int status = held.getStatus();
        record(status, clientId, address);
        if (status == HttpServletResponse.SC_UNAUTHORIZED && !response.isCommitted()) {
            response.reset();
            response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, wait.toSeconds())));
            OAuth2ErrorResponses.write(response, 429, "temporarily_unavailable",
                    "Too many failed authentication attempts; retry later");
            return;
        }
        held.copyBodyToResponse();
    }

    private void record(int status, String clientId, String address) {
        if (status == HttpServletResponse.SC_UNAUTHORIZED) {
            this.throttle.recordFailure(clientId, address);
        }
        else if (status < 300) {
            this.throttle.recordSuccess(clientId, address);
        }
    }

}
