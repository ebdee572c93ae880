package io.portcullis.auth.key;

import java.io.IOException;
import java.time.Duration;

import io.portcullis.auth.system.RequestPaths;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Lets verifiers cache the JWKS for {@code portcullis.keys.jwks-max-age}: rotation publishes a new key longer than
 * that before it signs, so a cached copy never misses the key of a valid token.
 */
final class JwksCacheControlFilter extends OncePerRequestFilter {

    private final String path;

    private final String cacheControl;

    JwksCacheControlFilter(String path, Duration maxAge) {
        this.path = path;
        this.cacheControl = "public, max-age=" + maxAge.toSeconds();
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !this.path.equals(RequestPaths.of(request));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        response.setHeader(HttpHeaders.CACHE_CONTROL, this.cacheControl);
        chain.doFilter(request, response);
    }

}
