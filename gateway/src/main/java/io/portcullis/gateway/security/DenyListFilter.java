package io.portcullis.gateway.security;

import io.portcullis.resourceserver.core.DenyListCheck;
import io.portcullis.revocation.DenyList;
import reactor.core.publisher.Mono;

import org.springframework.security.core.context.ReactiveSecurityContextHolder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * Refuses a valid token that the security feed says is revoked, belongs to a disabled client or carries a scope
 * the client no longer holds (DESIGN.md decision 6), with the same answer as any invalid token.
 */
final class DenyListFilter implements WebFilter {

    private final DenyList denyList;

    DenyListFilter(DenyList denyList) {
        this.denyList = denyList;
    }

    @Override
    public String toString() {
        return "DenyListFilter";
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        return ReactiveSecurityContextHolder.getContext()
            .map((context) -> context.getAuthentication())
            .filter(JwtAuthenticationToken.class::isInstance)
            .map((authentication) -> DenyListCheck.denies(this.denyList,
                    ((JwtAuthenticationToken) authentication).getToken()))
            .defaultIfEmpty(false)
            .flatMap((denied) -> {
                if (!denied) {
                    return chain.filter(exchange);
                }
                return EdgeCredentials.refuseRevoked(exchange);
            });
    }

}
