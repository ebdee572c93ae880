package io.portcullis.auth.scope;

import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.portcullis.auth.audit.AuditLog;
import io.portcullis.auth.audit.AuditTarget;
import io.portcullis.auth.audit.AuditType;
import io.portcullis.auth.system.ApiProblem;
import io.portcullis.auth.system.ETags;
import io.portcullis.auth.system.PlatformScopes;
import io.portcullis.auth.system.StoredDataChanged;
import io.portcullis.auth.system.TokenProperties;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Creates, changes and deletes scopes for the admin API, each change audited. */
@Service
@Transactional
class ScopeAdministration {

    private static final StoredDataChanged CHANGED = StoredDataChanged.of(StoredDataChanged.Kind.SCOPES);

    private final ScopeRepository scopes;

    private final ApiResourceRepository resources;

    private final JdbcTemplate jdbc;

    private final AuditLog audit;

    private final ApplicationEventPublisher events;

    private final Set<String> builtIn;

    private final Clock clock;

    ScopeAdministration(ScopeRepository scopes, ApiResourceRepository resources, JdbcTemplate jdbc, AuditLog audit,
            ApplicationEventPublisher events, TokenProperties tokens, Clock clock) {
        this.scopes = scopes;
        this.resources = resources;
        this.jdbc = jdbc;
        this.audit = audit;
        this.events = events;
        this.builtIn = Set.of(PlatformScopes.ADMIN, PlatformScopes.FEED, tokens.introspectionScope(),
                tokens.revocationScope());
        this.clock = clock;
    }

    @Transactional(readOnly = true)
    public List<ScopeView> list(String resource) {
        Map<String, ApiResource> byUri = this.resources.findAll()
            .stream()
            .collect(Collectors.toMap(ApiResource::uri, Function.identity()));
        String uri = (resource != null) ? resolveResource(resource, "resource").uri() : null;
        return this.scopes.findAll()
            .stream()
            .filter((scope) -> uri == null || scope.resourceUri().equals(uri))
            .sorted(Comparator.comparing(Scope::name))
            .map((scope) -> ScopeView.of(scope, byUri.get(scope.resourceUri())))
            .toList();
    }

    @Transactional(readOnly = true)
    public ScopeView get(String name) {
        return view(find(name));
    }

    public ScopeView create(ScopeRequests.Create request) {
        ApiResource resource = resolveResource(request.resource(), "resource");
        if (this.scopes.existsById(request.name())) {
            throw ApiProblem.conflict("Scope " + request.name() + " exists");
        }
        Instant now = this.clock.instant();
        Scope created = this.scopes.save(new Scope(request.name(), resource.uri(),
                (request.description() != null) ? request.description() : "", now, now, null));
        ScopeView view = ScopeView.of(created, resource);
        this.events.publishEvent(CHANGED);
        this.audit.record(AuditType.SCOPE_CREATED, AuditTarget.scope(view.name()), null, view);
        return view;
    }

    public ScopeView update(String name, ScopeRequests.Update request, String ifMatch) {
        Scope current = find(name);
        ETags.check(ifMatch, current.version());
        if (request.name() != null && !request.name().equals(name)) {
            throw ApiProblem.invalid("name", "cannot be changed: clients and tokens name the scope");
        }
        String resourceUri = (request.resource() != null) ? resolveResource(request.resource(), "resource").uri()
                : current.resourceUri();
        if (this.builtIn.contains(name) && !resourceUri.equals(current.resourceUri())) {
            // the auth-server's own APIs accept only tokens whose audience is the issuer
            throw ApiProblem.conflict("Scope " + name + " is built into the platform and cannot be moved to "
                    + "another resource");
        }
        String description = (request.description() != null) ? request.description() : current.description();
        if (resourceUri.equals(current.resourceUri()) && description.equals(current.description())) {
            return view(current);
        }
        Scope updated = this.scopes.save(new Scope(name, resourceUri, description, current.createdAt(),
                this.clock.instant(), current.version()));
        ScopeView view = view(updated);
        this.events.publishEvent(CHANGED);
        this.audit.record(AuditType.SCOPE_UPDATED, AuditTarget.scope(name), view(current), view);
        return view;
    }

    /**
     * Deletes the scope. While clients hold it, refuses (409) unless {@code revokeFromClients}: then it is taken
     * from them first, which the security feed announces as SCOPE_REMOVED for each.
     */
    public void delete(String name, boolean revokeFromClients, String ifMatch) {
        Scope current = find(name);
        ETags.check(ifMatch, current.version());
        if (this.builtIn.contains(name)) {
            throw ApiProblem.conflict("Scope " + name + " is built into the platform and cannot be deleted");
        }
        List<String> holders = this.scopes.findClientIdsHolding(name);
        if (!holders.isEmpty() && !revokeFromClients) {
            throw ApiProblem.conflict("Scope " + name + " is granted to " + holders.size() + " client(s) ("
                    + String.join(", ", holders.subList(0, Math.min(10, holders.size())))
                    + "); take it from them first or delete with revokeFromClients=true");
        }
        ScopeView before = view(current);
        for (String clientId : holders) {
            Map<String, Object> held = heldScopes(clientId);
            this.jdbc.update("DELETE FROM client_scopes WHERE client_id = ? AND scope_name = ?", clientId, name);
            this.jdbc.update("UPDATE clients SET version = version + 1, updated_at = now() WHERE client_id = ?",
                    clientId);
            this.audit.record(AuditType.CLIENT_SCOPE_REVOKED, AuditTarget.client(clientId), held, heldScopes(clientId));
        }
        this.scopes.delete(current);
        this.events.publishEvent(CHANGED);
        this.audit.record(AuditType.SCOPE_DELETED, AuditTarget.scope(name), before, null);
    }

    /** The part of a client's state this change touches, for the audit trail. */
    private Map<String, Object> heldScopes(String clientId) {
        return Map.of("clientId", clientId, "scopes", this.jdbc.queryForList(
                "SELECT scope_name FROM client_scopes WHERE client_id = ? ORDER BY scope_name", String.class, clientId));
    }

    private Scope find(String name) {
        return this.scopes.findById(name).orElseThrow(() -> ApiProblem.notFound("No scope named " + name));
    }

    private ScopeView view(Scope scope) {
        return ScopeView.of(scope, this.resources.findById(scope.resourceUri()).orElseThrow());
    }

    private ApiResource resolveResource(String nameOrUri, String field) {
        return this.resources.findByName(nameOrUri)
            .or(() -> this.resources.findById(nameOrUri))
            .orElseThrow(() -> ApiProblem.invalid(field, "no resource named " + nameOrUri));
    }

}
