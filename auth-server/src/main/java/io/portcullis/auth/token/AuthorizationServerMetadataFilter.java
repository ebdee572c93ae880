package io.portcullis.auth.token;

import java.io.IOException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.portcullis.auth.system.RequestPaths;
import io.portcullis.token.SigningAlgorithm;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Serves RFC 8414 metadata that says exactly what this server does. Spring Authorization Server's own document
 * insists on an authorization endpoint and response types, which a client_credentials-only server does not have
 * (RFC 8414 §2 makes {@code authorization_endpoint} optional when no grant uses it).
 */
final class AuthorizationServerMetadataFilter extends OncePerRequestFilter {

    static final String PATH = "/.well-known/oauth-authorization-server";

    private static final List<String> CLIENT_AUTH_METHODS = List.of("client_secret_basic", "client_secret_post",
            "private_key_jwt");

    private final byte[] document;

    AuthorizationServerMetadataFilter(String issuer, SigningAlgorithm tokenAlgorithm) {
        List<String> assertionAlgorithms = SigningAlgorithm.NAMES;
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("issuer", issuer);
        metadata.put("token_endpoint", issuer + "/oauth2/token");
        metadata.put("jwks_uri", issuer + "/oauth2/jwks");
        metadata.put("introspection_endpoint", issuer + "/oauth2/introspect");
        metadata.put("revocation_endpoint", issuer + "/oauth2/revoke");
        metadata.put("grant_types_supported", List.of("client_credentials"));
        metadata.put("response_types_supported", List.of());
        metadata.put("token_endpoint_auth_methods_supported", CLIENT_AUTH_METHODS);
        metadata.put("token_endpoint_auth_signing_alg_values_supported", assertionAlgorithms);
        metadata.put("introspection_endpoint_auth_methods_supported", CLIENT_AUTH_METHODS);
        metadata.put("introspection_endpoint_auth_signing_alg_values_supported", assertionAlgorithms);
        metadata.put("revocation_endpoint_auth_methods_supported", CLIENT_AUTH_METHODS);
        metadata.put("revocation_endpoint_auth_signing_alg_values_supported", assertionAlgorithms);
        metadata.put("access_token_signing_alg_values_supported", List.of(tokenAlgorithm.name()));
        this.document = JsonMapper.builder().build().writeValueAsBytes(metadata);
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !PATH.equals(RequestPaths.of(request));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (!"GET".equals(request.getMethod()) && !"HEAD".equals(request.getMethod())) {
            response.setHeader(HttpHeaders.ALLOW, "GET, HEAD");
            response.sendError(HttpServletResponse.SC_METHOD_NOT_ALLOWED);
            return;
        }
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        response.setHeader(HttpHeaders.CACHE_CONTROL, "public, max-age=3600");
        response.setContentLength(this.document.length);
        if ("GET".equals(request.getMethod())) {
            response.getOutputStream().write(this.document);
        }
    }

}
