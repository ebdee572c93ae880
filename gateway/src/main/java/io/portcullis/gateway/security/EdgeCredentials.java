package io.portcullis.gateway.security;

import java.time.Duration;
import java.util.List;

import io.portcullis.resourceserver.core.CompactJws;
import io.portcullis.resourceserver.core.RefusalReason;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.web.server.ServerWebExchange;

/**
 * The edge's token rules for a data plane that does not run Spring Security's filter chain (the API relay): which
 * requests carry exactly one well-formed bearer token, and the answers the chain gives when a token is refused
 * ({@link EdgeEntryPoint}, the same bodies, challenges and refusal reasons).
 */
public final class EdgeCredentials {

    private EdgeCredentials() {
    }

    /**
     * The bearer token of a request that carries exactly one credential, a canonical compact JWS in one
     * {@code Authorization: Bearer} header; {@code null} for anything else (no token, several credentials, a
     * malformed one), which the security chain answers.
     */
    public static @Nullable String soleBearerToken(List<String> authorization, boolean accessTokenParameter) {
        if (authorization.size() != 1 || accessTokenParameter) {
            return null;
        }
        try {
            String token = BearerTokenConverter.token(authorization.get(0));
            return (token != null && CompactJws.isCanonical(token)) ? token : null;
        }
        catch (OAuth2AuthenticationException ex) {
            return null;
        }
    }

    /** Answers a token the decoder refused, as the security chain's entry point does (401 invalid_token). */
    public static Mono<Void> refuseInvalid(ServerWebExchange exchange, BadJwtException ex) {
        return new EdgeEntryPoint().commence(exchange, new InvalidBearerTokenException(ex.getMessage(), ex));
    }

    /** Answers a valid token the security feed revoked, as {@link DenyListFilter} does. */
    public static Mono<Void> refuseRevoked(ServerWebExchange exchange) {
        EdgeEntryPoint.refused(exchange, RefusalReason.REVOKED);
        return EdgeProblems.write(exchange.getResponse(), HttpStatus.UNAUTHORIZED, "Bearer error=\"invalid_token\"",
                "The access token is not valid");
    }

    /**
     * Answers a request whose token cannot be judged because the auth-server's keys cannot be obtained: 503 with
     * {@code Retry-After}, no challenge (the token may well be valid), reason {@code keys_unavailable}.
     */
    public static Mono<Void> refuseKeysUnavailable(ServerWebExchange exchange, Duration retryAfter) {
        EdgeEntryPoint.refused(exchange, RefusalReason.KEYS_UNAVAILABLE);
        exchange.getResponse().getHeaders().set(HttpHeaders.RETRY_AFTER,
                Long.toString(Math.max(1, retryAfter.toSeconds())));
        return EdgeProblems.write(exchange.getResponse(), HttpStatus.SERVICE_UNAVAILABLE, null,
                "Access tokens cannot be verified right now");
    }

}
