package io.portcullis.auth.token;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import io.portcullis.auth.client.RegisteredClients;
import io.portcullis.auth.scope.ScopeCatalog;

import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientCredentialsAuthenticationContext;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientCredentialsAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;

/**
 * Decides what a client_credentials token may carry: only scopes the client holds ({@code invalid_scope}), only
 * resources the client can reach ({@code invalid_target}), and, when resources are named, only scopes of those
 * resources. The token's audience is the set of resources of its scopes (DESIGN.md decision 2).
 */
final class TokenScopePolicy implements Consumer<OAuth2ClientCredentialsAuthenticationContext> {

    private final ScopeCatalog catalog;

    TokenScopePolicy(ScopeCatalog catalog) {
        this.catalog = catalog;
    }

    /** The client's default scopes, narrowed to {@code resources} when any are named. */
    Set<String> defaultScopes(RegisteredClient client, Set<String> resources) {
        return RegisteredClients.defaultScopes(client)
            .stream()
            .filter((scope) -> resources.isEmpty() || resources.contains(resourceOf(scope)))
            .collect(Collectors.toCollection(TreeSet::new));
    }

    /** The audiences of a token carrying {@code scopes}. */
    Set<String> audiences(Collection<String> scopes) {
        return scopes.stream().map(this::resourceOf).collect(Collectors.toCollection(TreeSet::new));
    }

    @Override
    public void accept(OAuth2ClientCredentialsAuthenticationContext context) {
        RegisteredClient client = context.getRegisteredClient();
        OAuth2ClientCredentialsAuthenticationToken request = context.getAuthentication();
        Set<String> requested = request.getScopes();
        Set<String> resources = resources(request);
        for (String resource : resources) {
            boolean reachable = client.getScopes().stream().anyMatch((scope) -> resource.equals(resourceOf(scope)));
            if (!reachable) {
                throw OAuth2Errors.error(OAuth2Errors.INVALID_TARGET,
                        "The client may not obtain tokens for resource " + resource);
            }
        }
        if (requested.isEmpty()) {
            throw OAuth2Errors.error(OAuth2ErrorCodes.INVALID_SCOPE, resources.isEmpty()
                    ? "No scope was requested and the client has no default scope"
                    : "No scope was requested and the client has no default scope for the requested resource");
        }
        Set<String> notAllowed = new LinkedHashSet<>(requested);
        notAllowed.removeAll(client.getScopes());
        if (!notAllowed.isEmpty()) {
            throw OAuth2Errors.error(OAuth2ErrorCodes.INVALID_SCOPE,
                    "The client may not request scope " + String.join(" ", new TreeSet<>(notAllowed)));
        }
        if (!resources.isEmpty()) {
            for (String scope : requested) {
                if (!resources.contains(resourceOf(scope))) {
                    throw OAuth2Errors.error(OAuth2ErrorCodes.INVALID_SCOPE,
                            "Scope " + scope + " does not belong to a requested resource");
                }
            }
        }
    }

    private String resourceOf(String scope) {
        // a scope a client holds always exists: client_scopes references scopes
        return this.catalog.resourceOf(scope).orElse("");
    }

    @SuppressWarnings("unchecked")
    private static Set<String> resources(OAuth2ClientCredentialsAuthenticationToken request) {
        Object value = request.getAdditionalParameters()
            .get(ClientCredentialsRequestConverter.RESOURCES);
        return (value instanceof Set<?> set) ? (Set<String>) set : Set.of();
    }

}
