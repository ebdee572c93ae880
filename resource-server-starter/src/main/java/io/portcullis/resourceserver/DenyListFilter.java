package io.portcullis.resourceserver;

import java.io.IOException;

import io.portcullis.resourceserver.core.DenyListCheck;
import io.portcullis.resourceserver.core.RefusalReason;
import io.portcullis.revocation.DenyList;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpStatus;
import org.springframework.security.core.context.SecurityContextHolder;
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
                && DenyListCheck.denies(this.denyList, token.getToken())) {
            SecurityContextHolder.clearContext();
            Refusals.record(request, RefusalReason.REVOKED);
            ProblemResponses.write(response, HttpStatus.UNAUTHORIZED, BearerProblems.INVALID_TOKEN,
                    "Bearer error=\"invalid_token\"");
            return;
        }
        chain.doFilter(request, response);
    }

}
