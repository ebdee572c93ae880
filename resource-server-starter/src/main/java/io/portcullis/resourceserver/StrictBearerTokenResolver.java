package io.portcullis.resourceserver;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.portcullis.resourceserver.core.CompactJws;
import io.portcullis.resourceserver.core.RefusalReason;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpHeaders;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.server.resource.BearerTokenErrors;
import org.springframework.security.oauth2.server.resource.web.BearerTokenResolver;

/**
 * Strict credentials ({@link CompactJws}): more than one credential (repeated {@code Authorization} headers, or a
 * header and an {@code access_token} query parameter) is {@code invalid_request} (RFC 6750 §3.1: 400), whatever the
 * copies say; a token that is not the canonical compact serialisation of a JWS is {@code invalid_token}. A token only
 * in the query is not read: it would end up in logs.
 * <p>
 * The query string is read here, never the request's parameters: those include a form body, which the servlet
 * container would parse (up to its own limits, a multipart body to disk) before the request is authenticated, and
 * whose parse failure would escape as the container's error. A form body is the handler's business; an
 * {@code access_token} in it is not a credential to the platform, as at the gateway.
 */
final class StrictBearerTokenResolver implements BearerTokenResolver {

    /** Spring's own ({@code UriComponentsBuilder}), with which WebFlux and so the gateway split a query. */
    private static final Pattern QUERY_PARAMETER = Pattern.compile("([^&=]+)(=?)([^&]+)?");

    @Override
    public String resolve(HttpServletRequest request) {
        List<String> headers = Collections.list(request.getHeaders(HttpHeaders.AUTHORIZATION));
        if (CompactJws.isMoreThanOneCredential(headers, accessTokenParameters(request.getQueryString()))) {
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

    /**
     * How many parameters of {@code query} are named {@code access_token}, percent-encoded or not, read as the
     * gateway reads them (Spring's query parameter pattern: {@code =access_token} names one too), so that the gateway
     * and the service refuse the same requests. Linear in the query's length.
     */
    static int accessTokenParameters(String query) {
        if (query == null || query.isEmpty()) {
            return 0;
        }
        int count = 0;
        Matcher parameter = QUERY_PARAMETER.matcher(query);
        while (parameter.find()) {
            if (CompactJws.ACCESS_TOKEN_PARAMETER.equals(decoded(parameter.group(1)))) {
                count++;
            }
        }
        return count;
    }

    private static String decoded(String name) {
        if (name.indexOf('%') < 0 && name.indexOf('+') < 0) {
            return name;
        }
        try {
            return URLDecoder.decode(name, StandardCharsets.UTF_8);
        }
        catch (IllegalArgumentException ex) {
            return name;
        }
    }

}
