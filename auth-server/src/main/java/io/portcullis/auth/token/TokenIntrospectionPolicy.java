package io.portcullis.auth.token;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenIntrospection;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2TokenIntrospectionAuthenticationToken;

/**
 * Limits introspection (RFC 7662 §4): a client learns about its own tokens only, unless it holds the introspection
 * scope (resource servers and the gateway). Any other token is answered {@code active: false}, so introspection
 * cannot be used to probe another client's tokens.
 */
final class TokenIntrospectionPolicy implements AuthenticationProvider {

    private final AuthenticationProvider delegate;

    private final String introspectionScope;

    TokenIntrospectionPolicy(AuthenticationProvider delegate, String introspectionScope) {
        this.delegate = delegate;
        this.introspectionScope = introspectionScope;
    }

    @Override
    public Authentication authenticate(Authentication authentication) {
        Authentication result = this.delegate.authenticate(authentication);
        if (!(result instanceof OAuth2TokenIntrospectionAuthenticationToken introspection)
                || !introspection.getTokenClaims().isActive()
                || !(introspection.getPrincipal() instanceof OAuth2ClientAuthenticationToken caller)) {
            return result;
        }
        String callerId = caller.getRegisteredClient().getClientId();
        boolean own = callerId.equals(introspection.getTokenClaims().getClientId());
        if (own || caller.getRegisteredClient().getScopes().contains(this.introspectionScope)) {
            return result;
        }
        return new OAuth2TokenIntrospectionAuthenticationToken(introspection.getToken(), caller,
                OAuth2TokenIntrospection.builder().build());
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return this.delegate.supports(authentication);
    }

}
