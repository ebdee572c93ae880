package io.portcullis.auth.token;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientCredentialsAuthenticationToken;
import org.springframework.security.web.authentication.AuthenticationConverter;

/**
 * Reads a {@code client_credentials} token request (RFC 6749 §4.4.2) with RFC 8707 {@code resource} indicators.
 * It is the only grant the token endpoint accepts; any other {@code grant_type} stays unconverted and Spring
 * Authorization Server answers {@code unsupported_grant_type}. With no {@code scope} parameter the request asks
 * for the client's default scopes (narrowed to the requested resources).
 */
final class ClientCredentialsRequestConverter implements AuthenticationConverter {

    /** The key of the requested resources in the authentication's additional parameters. */
    static final String RESOURCES = "resource";

    private static final Pattern SCOPE_TOKEN = Pattern.compile("[\\x21\\x23-\\x5B\\x5D-\\x7E]+");

    private final TokenScopePolicy policy;

    ClientCredentialsRequestConverter(TokenScopePolicy policy) {
        this.policy = policy;
    }

    @Override
    public Authentication convert(HttpServletRequest request) {
        if (!AuthorizationGrantType.CLIENT_CREDENTIALS.getValue()
            .equals(request.getParameter(OAuth2ParameterNames.GRANT_TYPE))) {
            return null;
        }
        Authentication clientPrincipal = SecurityContextHolder.getContext().getAuthentication();
        Set<String> resources = resources(request);
        Set<String> scopes = scopes(request);
        if (scopes == null && clientPrincipal instanceof OAuth2ClientAuthenticationToken client
                && client.getRegisteredClient() != null) {
            scopes = this.policy.defaultScopes(client.getRegisteredClient(), resources);
        }
        Map<String, Object> additional = new HashMap<>();
        additional.put(RESOURCES, resources);
        return new OAuth2ClientCredentialsAuthenticationToken(clientPrincipal, scopes, additional);
    }

    private static Set<String> scopes(HttpServletRequest request) {
        String[] values = request.getParameterValues(OAuth2ParameterNames.SCOPE);
        if (values == null) {
            return null;
        }
        if (values.length != 1) {
            throw OAuth2Errors.error(OAuth2ErrorCodes.INVALID_REQUEST, "The scope parameter must not be repeated");
        }
        String[] tokens = values[0].split(" ", -1);
        if (values[0].isEmpty() || !Arrays.stream(tokens).allMatch((token) -> SCOPE_TOKEN.matcher(token).matches())) {
            throw OAuth2Errors.error(OAuth2ErrorCodes.INVALID_SCOPE,
                    "The scope parameter must be scope names separated by single spaces");
        }
        return new LinkedHashSet<>(List.of(tokens));
    }

    /** RFC 8707 §2: an absolute URI without a fragment, or {@code invalid_target}. */
    private static Set<String> resources(HttpServletRequest request) {
        String[] values = request.getParameterValues(RESOURCES);
        if (values == null) {
            return Set.of();
        }
        Set<String> resources = new LinkedHashSet<>();
        for (String value : values) {
            try {
                URI uri = new URI(value);
                if (!uri.isAbsolute() || uri.getRawFragment() != null) {
                    throw new URISyntaxException(value, "not an absolute URI without fragment");
                }
            }
            catch (URISyntaxException ex) {
                throw OAuth2Errors.error(OAuth2Errors.INVALID_TARGET,
                        "The resource parameter must be an absolute URI without a fragment");
            }
            resources.add(value);
        }
        return resources;
    }

}
