package io.portcullis.auth.token;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.OAuth2Token;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2TokenRevocationAuthenticationToken;

/**
 * Revocation (RFC 7009): a client revokes its own tokens, or any token when it holds the revocation scope.
 * A token that is unknown, invalid, expired, already revoked or another client's (without the scope) is answered
 * 200 and left as it is, as §2.2 requires.
 */
final class TokenRevocationPolicy implements AuthenticationProvider {

    private final OAuth2AuthorizationService authorizations;

    private final String revocationScope;

    TokenRevocationPolicy(OAuth2AuthorizationService authorizations, String revocationScope) {
        this.authorizations = authorizations;
        this.revocationScope = revocationScope;
    }

    @Override
    public Authentication authenticate(Authentication authentication) {
        OAuth2TokenRevocationAuthenticationToken request = (OAuth2TokenRevocationAuthenticationToken) authentication;
        if (!(request.getPrincipal() instanceof OAuth2ClientAuthenticationToken caller) || !caller.isAuthenticated()
                || caller.getRegisteredClient() == null) {
            throw new OAuth2AuthenticationException(OAuth2ErrorCodes.INVALID_CLIENT);
        }
        OAuth2Authorization authorization = this.authorizations.findByToken(request.getToken(), null);
        if (authorization == null) {
            return request;
        }
        boolean own = caller.getRegisteredClient().getId().equals(authorization.getRegisteredClientId());
        if (!own && !caller.getRegisteredClient().getScopes().contains(this.revocationScope)) {
            // RFC 7009 §2.2: answered like an unknown token; an error would tell the caller the token is valid
            return request;
        }
        OAuth2Authorization.Token<OAuth2Token> token = authorization.getToken(request.getToken());
        this.authorizations.save(OAuth2Authorization.from(authorization).invalidate(token.getToken()).build());
        return new OAuth2TokenRevocationAuthenticationToken(token.getToken(), caller);
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return OAuth2TokenRevocationAuthenticationToken.class.isAssignableFrom(authentication);
    }

}
