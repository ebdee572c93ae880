package io.portcullis.gateway.security;

import io.portcullis.resourceserver.core.RefusalReason;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.web.server.ServerAuthenticationEntryPoint;
import org.springframework.web.server.ServerWebExchange;

/**
 * The edge's RFC 6750 answers, as the services give them: more than one credential is 400 {@code invalid_request},
 * a token that fails any check is 401 {@code invalid_token} and nothing more, no token is 401 asking for one. Why
 * (the {@link RefusalReason}) goes to the access log and the refusal metric only.
 */
final class EdgeEntryPoint implements ServerAuthenticationEntryPoint {

    @Override
    public Mono<Void> commence(ServerWebExchange exchange, AuthenticationException ex) {
        if (ex instanceof OAuth2AuthenticationException oauth
                && OAuth2ErrorCodes.INVALID_REQUEST.equals(oauth.getError().getErrorCode())) {
            refused(exchange, RefusalReason.DUPLICATE_CREDENTIALS);
            return EdgeProblems.write(exchange.getResponse(), HttpStatus.BAD_REQUEST,
                    "Bearer error=\"invalid_request\"", "The request carries more than one credential");
        }
        if (exchange.getRequest().getHeaders().containsHeader(HttpHeaders.AUTHORIZATION)
                || ex instanceof InvalidBearerTokenException) {
            refused(exchange, RefusalReason.ofInvalidToken(ex));
            return EdgeProblems.write(exchange.getResponse(), HttpStatus.UNAUTHORIZED,
                    "Bearer error=\"invalid_token\"", "The access token is not valid");
        }
        refused(exchange, RefusalReason.MISSING);
        return EdgeProblems.write(exchange.getResponse(), HttpStatus.UNAUTHORIZED, "Bearer",
                "An access token is required");
    }

    /** Records why {@code exchange} is refused; the first reason recorded stands. */
    static void refused(ServerWebExchange exchange, RefusalReason reason) {
        exchange.getAttributes().putIfAbsent(RefusalReason.ATTRIBUTE, reason);
    }

}
