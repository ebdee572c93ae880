package io.portcullis.resourceserver;

import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

import org.springframework.security.authentication.AuthenticationTrustResolver;
import org.springframework.security.authentication.AuthenticationTrustResolverImpl;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;

/**
 * Every request needs a valid token; a request a handler serves needs that handler's scopes
 * ({@link EndpointScopes}). A request no handler serves is let through to Spring MVC's 404 (or 405) without any
 * scope check, so an unknown path is never mistaken for a forbidden one.
 */
final class ScopeAuthorizationManager implements AuthorizationManager<RequestAuthorizationContext> {

    private final AuthenticationTrustResolver trust = new AuthenticationTrustResolverImpl();

    private final EndpointScopes scopes;

    ScopeAuthorizationManager(EndpointScopes scopes) {
        this.scopes = scopes;
    }

    @Override
    public AuthorizationResult authorize(Supplier<? extends Authentication> authentication,
            RequestAuthorizationContext context) {
        Authentication caller = authentication.get();
        if (caller == null || !caller.isAuthenticated() || this.trust.isAnonymous(caller)) {
            return new AuthorizationDecision(false);
        }
        Optional<Set<String>> required = this.scopes.requiredBy(context.getRequest());
        if (required.isEmpty()) {
            return new AuthorizationDecision(true);
        }
        context.getRequest().setAttribute(EndpointScopes.ATTRIBUTE, required.get());
        if (required.get().isEmpty()) {
            return new AuthorizationDecision(false);
        }
        Set<String> held = caller.getAuthorities()
            .stream()
            .map(GrantedAuthority::getAuthority)
            .collect(java.util.stream.Collectors.toSet());
        return new AuthorizationDecision(required.get().stream().allMatch((scope) -> held.contains("SCOPE_" + scope)));
    }

}
