package io.portcullis.users.security;

import java.io.IOException;
import java.util.List;

import io.portcullis.revocation.DenyList;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses a valid token that the security feed says is revoked, belongs to a disabled client or carries a scope
 * the client no longer holds (DESIGN.md decision 6), with the same answer as any invalid token.
 */
final class DenyListFilter extends OncePerRequestFilter {

    private final DenyList denyList;

    DenyListFilter(DenyList denyList) {
        this.denyList = denyList;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (SecurityContextHolder.getContext().getAuthentication() instanceof JwtAuthenticationToken token
                && denied(token.getToken())) {
            SecurityContextHolder.clearContext();
            BearerProblems.write(response, HttpServletResponse.SC_UNAUTHORIZED, "Bearer error=\"invalid_token\"",
                    "Unauthorized", "The access token is not valid");
            return;
        }
        chain.doFilter(request, response);
    }

    private boolean denied(Jwt jwt) {
        String scope = jwt.getClaimAsString("scope");
        List<String> scopes = (scope == null || scope.isBlank()) ? List.of() : List.of(scope.split(" "));
        Object kid = jwt.getHeaders().get("kid");
        return this.denyList.denies((kid != null) ? kid.toString() : null, jwt.getId(),
                jwt.getClaimAsString("client_id"), jwt.getIssuedAt(), scopes);
    }

}
