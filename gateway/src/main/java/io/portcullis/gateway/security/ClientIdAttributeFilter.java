package io.portcullis.gateway.security;

import io.portcullis.resourceserver.core.TokenClaims;
import reactor.core.publisher.Mono;

import org.springframework.security.core.context.ReactiveSecurityContextHolder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * Publishes the validated token's client_id as an exchange attribute, so that metrics and the access log, which
 * wrap the security chain, can name the client.
 */
public final class ClientIdAttributeFilter implements WebFilter {

    public static final String ATTRIBUTE = "portcullis.client_id";

    @Override
    public String toString() {
        return "ClientIdAttributeFilter";
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        return ReactiveSecurityContextHolder.getContext()
            .map((context) -> context.getAuthentication())
            .filter(JwtAuthenticationToken.class::isInstance)
            .mapNotNull((authentication) -> TokenClaims.clientId(((JwtAuthenticationToken) authentication).getToken()))
            .doOnNext((clientId) -> exchange.getAttributes().put(ATTRIBUTE, clientId))
            .then(chain.filter(exchange));
    }

}
