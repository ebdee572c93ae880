package io.portcullis.gateway.ratelimit;

import io.portcullis.resourceserver.core.TokenClaims;
import reactor.core.publisher.Mono;

import org.springframework.cloud.gateway.filter.ratelimit.KeyResolver;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;

/**
 * Rate limits are per client: the key is the validated token's {@code client_id}, never anything the caller
 * can choose freely (an IP or a header). Used in routes as {@code key-resolver: "#{@clientIdKeyResolver}"}.
 */
@Component("clientIdKeyResolver")
class ClientIdKeyResolver implements KeyResolver {

    @Override
    public Mono<String> resolve(ServerWebExchange exchange) {
        return exchange.getPrincipal()
            .filter(JwtAuthenticationToken.class::isInstance)
            .mapNotNull((principal) -> TokenClaims.clientId(((JwtAuthenticationToken) principal).getToken()))
            .filter((clientId) -> !clientId.isBlank())
            .map((clientId) -> "client:" + clientId);
    }

}
