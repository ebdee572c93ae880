package io.portcullis.gateway.security;

import reactor.core.publisher.Mono;

import org.springframework.http.HttpHeaders;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.server.resource.BearerTokenErrors;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;
import org.springframework.security.web.server.authentication.ServerAuthenticationConverter;
import org.springframework.web.server.ServerWebExchange;

/**
 * The bearer token of the {@code Authorization} header (RFC 6750 section 2.1), read with a scan instead of Spring
 * Security's case-insensitive regular expression, which cost the edge 3% of its CPU on every request. The answers
 * are Spring's: no header or another scheme is no token (401 asking for one), a malformed bearer credential is
 * {@code invalid_token}. Tokens in the query string or the body are not read: the edge takes the header only.
 */
final class BearerTokenConverter implements ServerAuthenticationConverter {

    private static final String SCHEME = "bearer";

    /** The token68 characters but '=' (a table: a token is ~700 characters, each checked on every request). */
    private static final boolean[] TOKEN68 = new boolean[128];

    static {
        for (char c = 0; c < TOKEN68.length; c++) {
            TOKEN68[c] = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-'
                    || c == '.' || c == '_' || c == '~' || c == '+' || c == '/';
        }
    }

    @Override
    public Mono<Authentication> convert(ServerWebExchange exchange) {
        return Mono.fromCallable(() -> token(exchange.getRequest().getHeaders().getFirst(HttpHeaders.AUTHORIZATION)))
            .map(BearerTokenAuthenticationToken::new);
    }

    /** The token, or {@code null} when the header does not use the Bearer scheme. */
    static String token(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
            return null;
        }
        int start = SCHEME.length() + 1;
        if (authorization.length() <= start || authorization.charAt(SCHEME.length()) != ' ') {
            throw malformed();
        }
        // token68 = 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"="
        int end = start;
        while (end < authorization.length() && isToken68(authorization.charAt(end))) {
            end++;
        }
        if (end == start) {
            throw malformed();
        }
        while (end < authorization.length() && authorization.charAt(end) == '=') {
            end++;
        }
        if (end != authorization.length()) {
            throw malformed();
        }
        return authorization.substring(start);
    }

    private static boolean isToken68(char c) {
        return c < TOKEN68.length && TOKEN68[c];
    }

    private static OAuth2AuthenticationException malformed() {
        return new OAuth2AuthenticationException(BearerTokenErrors.invalidToken("Bearer token is malformed"));
    }

}
