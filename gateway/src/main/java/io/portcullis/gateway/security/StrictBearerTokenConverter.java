package io.portcullis.gateway.security;

import java.util.List;

import io.portcullis.resourceserver.core.CompactJws;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpHeaders;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.server.resource.BearerTokenErrors;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;
import org.springframework.security.web.server.authentication.ServerAuthenticationConverter;
import org.springframework.web.server.ServerWebExchange;

/**
 * Strict credentials at the edge, the services' rule ({@link CompactJws}): more than one credential (repeated
 * {@code Authorization} headers, or a header and an {@code access_token} query parameter) is
 * {@code invalid_request} (400), and a Bearer token that is not the canonical compact serialisation of a JWS is
 * {@code invalid_token}, before any signature is checked. The header is parsed by {@link BearerTokenConverter#token(String)}.
 */
final class StrictBearerTokenConverter implements ServerAuthenticationConverter {

    @Override
    public Mono<Authentication> convert(ServerWebExchange exchange) {
        // one read of the header: each read through Spring Security's firewall checks the whole value again
        List<String> headers = exchange.getRequest().getHeaders().getOrEmpty(HttpHeaders.AUTHORIZATION);
        List<String> parameters = exchange.getRequest().getQueryParams().get(CompactJws.ACCESS_TOKEN_PARAMETER);
        if (CompactJws.isMoreThanOneCredential(headers, (parameters != null) ? parameters.size() : 0)) {
            return Mono.error(() -> new OAuth2AuthenticationException(
                    BearerTokenErrors.invalidRequest("Found multiple bearer tokens in the request")));
        }
        try {
            String token = BearerTokenConverter.token(headers.isEmpty() ? null : headers.get(0));
            if (token == null) {
                return Mono.empty();
            }
            if (!CompactJws.isCanonical(token)) {
                return Mono.error(new OAuth2AuthenticationException(
                        BearerTokenErrors.invalidToken("Bearer token is malformed")));
            }
            return Mono.just(new BearerTokenAuthenticationToken(token));
        }
        catch (OAuth2AuthenticationException ex) {
            return Mono.error(ex);
        }
    }

}
