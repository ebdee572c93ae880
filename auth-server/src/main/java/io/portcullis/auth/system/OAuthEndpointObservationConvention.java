package io.portcullis.auth.system;

import java.util.Set;

import io.micrometer.common.KeyValue;

import org.springframework.http.server.observation.DefaultServerRequestObservationConvention;
import org.springframework.http.server.observation.ServerRequestObservationContext;

/**
 * The OAuth endpoints are answered by Spring Authorization Server's filters, not by MVC handlers, so the default
 * convention tags them {@code uri=UNKNOWN}. Naming these fixed paths gives per-endpoint latency metrics without
 * letting arbitrary request paths into the tag values.
 */
final class OAuthEndpointObservationConvention extends DefaultServerRequestObservationConvention {

    private static final Set<String> ENDPOINTS = Set.of("/oauth2/token", "/oauth2/introspect", "/oauth2/revoke",
            "/oauth2/jwks", "/.well-known/oauth-authorization-server");

    @Override
    protected KeyValue uri(ServerRequestObservationContext context) {
        String path = RequestPaths.of(context.getCarrier());
        return ENDPOINTS.contains(path) ? KeyValue.of("uri", path) : super.uri(context);
    }

}
