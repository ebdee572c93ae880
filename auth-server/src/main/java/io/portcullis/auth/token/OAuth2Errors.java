package io.portcullis.auth.token;

import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;

/** Exceptions that Spring Authorization Server renders as RFC 6749 error responses. */
final class OAuth2Errors {

    static final String INVALID_TARGET = "invalid_target";

    private OAuth2Errors() {
    }

    static OAuth2AuthenticationException error(String code, String description) {
        return new OAuth2AuthenticationException(new OAuth2Error(code, description, null));
    }

}
