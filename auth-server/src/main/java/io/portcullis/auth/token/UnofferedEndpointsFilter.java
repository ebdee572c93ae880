package io.portcullis.auth.token;

import java.io.IOException;
import java.util.Set;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import io.portcullis.auth.system.ProblemResponses;
import io.portcullis.auth.system.RequestPaths;

import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Answers 404 for the endpoints Spring Authorization Server knows but Portcullis does not offer (authorization
 * code, device and PAR flows, OpenID Connect): its endpoint matcher claims them, and left alone they end in a 401
 * or a 500 that would suggest they exist.
 */
final class UnofferedEndpointsFilter extends OncePerRequestFilter {

    static final Set<String> PATHS = Set.of("/oauth2/authorize", "/oauth2/device_authorization",
            "/oauth2/device_verification", "/oauth2/par", "/oauth2/consent", "/userinfo", "/connect/register",
            "/connect/logout", "/.well-known/openid-configuration");

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = RequestPaths.of(request);
        return !PATHS.contains(path) && !path.startsWith("/.well-known/openid-configuration/")
                && !path.startsWith("/connect/register/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        ProblemResponses.write(response, HttpStatus.NOT_FOUND, "This server does not offer this endpoint");
    }

}
