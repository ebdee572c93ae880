package io.portcullis.users.security;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * When tokens cannot be checked at all (the JWKS was never fetched and the auth-server does not answer), the
 * caller is told the truth, 503 with {@code Retry-After}, instead of a 500 or a misleading 401.
 */
final class KeysUnavailableFilter extends OncePerRequestFilter {

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
            response.setHeader(HttpHeaders.RETRY_AFTER, "5");
            BearerProblems.write(response, HttpServletResponse.SC_SERVICE_UNAVAILABLE, null, "Service Unavailable",
                    "Access tokens cannot be verified right now");
        }
    }

}
