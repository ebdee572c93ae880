package io.portcullis.resourceserver;

import java.util.Collections;
import java.util.List;

import io.portcullis.resourceserver.core.CompactJws;
import io.portcullis.resourceserver.core.RefusalReason;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpHeaders;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.server.resource.BearerTokenErrors;
import org.springframework.security.oauth2.server.resource.web.BearerTokenResolver;

/**
 * Strict credentials ({@link CompactJws}): more than one credential (repeated {@code Authorization} headers, or a
 * header and an {@code access_token} parameter) is {@code invalid_request} (RFC 6750 §3.1: 400), whatever the copies
 * say; a token that is not the canonical compact serialisation of a JWS is {@code invalid_token}. A token only in
 * the query or the form is not read: it would end up in logs.
 */
final class StrictBearerTokenResolver implements BearerTokenResolver {

    @Override
    public String resolve(HttpServletRequest request) {
        List<String> headers = Collections.list(request.getHeaders(HttpHeaders.AUTHORIZATION));
        String[] parameters = request.getParameterValues(CompactJws.ACCESS_TOKEN_PARAMETER);
        if (CompactJws.isMoreThanOneCredential(headers, (parameters != null) ? parameters.length : 0)) {
            Refusals.record(request, RefusalReason.DUPLICATE_CREDENTIALS);
            throw new OAuth2AuthenticationException(
                    BearerTokenErrors.invalidRequest("Found multiple bearer tokens in the request"));
        }
        try {
            return headers.isEmpty() ? null : CompactJws.bearerToken(headers.get(0));
        }
        catch (IllegalArgumentException ex) {
            Refusals.record(request, RefusalReason.MALFORMED);
            throw new OAuth2AuthenticationException(BearerTokenErrors.invalidToken("Bearer token is malformed"));
        }
    }

}
