package io.portcullis.auth.scope;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;

import io.portcullis.auth.audit.AuditLog;
import io.portcullis.auth.audit.AuditTarget;
import io.portcullis.auth.audit.AuditType;
import io.portcullis.auth.system.ApiProblem;
import io.portcullis.auth.system.ETags;
import io.portcullis.auth.system.FieldErrors;
import io.portcullis.auth.system.StoredDataChanged;
import io.portcullis.auth.system.TokenProperties;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Creates, changes and deletes resources (token audiences) for the admin API, each change audited. */
@Service
@Transactional
class ResourceAdministration {

    private static final StoredDataChanged CHANGED = StoredDataChanged.of(StoredDataChanged.Kind.SCOPES);

    private final ApiResourceRepository resources;

    private final ScopeRepository scopes;

    private final AuditLog audit;

    private final ApplicationEventPublisher events;

    private final TokenProperties tokens;

    private final Clock clock;

    ResourceAdministration(ApiResourceRepository resources, ScopeRepository scopes, AuditLog audit,
            ApplicationEventPublisher events, TokenProperties tokens, Clock clock) {
        this.resources = resources;
        this.scopes = scopes;
        this.audit = audit;
        this.events = events;
        this.tokens = tokens;
        this.clock = clock;
    }

    @Transactional(readOnly = true)
    public List<ResourceView> list() {
        return this.resources.findAll()
            .stream()
            .sorted(Comparator.comparing(ApiResource::name))
            .map(ResourceView::of)
            .toList();
    }

    @Transactional(readOnly = true)
    public ResourceView get(String name) {
        return ResourceView.of(find(name));
    }

    public ResourceView create(ResourceRequests.Create request) {
        String uri = checkUri(request.uri());
        if (this.resources.findByName(request.name()).isPresent()) {
            throw ApiProblem.conflict("A resource named " + request.name() + " exists");
        }
        if (this.resources.existsById(uri)) {
            throw ApiProblem.conflict("A resource with URI " + uri + " exists");
        }
        Instant now = now();
        ApiResource created = this.resources.save(new ApiResource(uri, request.name(),
                (request.description() != null) ? request.description() : "", now, now, null));
        ResourceView view = ResourceView.of(created);
        this.audit.record(AuditType.RESOURCE_CREATED, AuditTarget.resource(view.name()), null, view);
        return view;
    }

    public ResourceView update(String name, ResourceRequests.Update request, String ifMatch) {
        ApiResource current = find(name);
        ETags.check(ifMatch, current.version());
        FieldErrors errors = new FieldErrors();
        if (request.name() != null && !request.name().equals(current.name())) {
            errors.add("name", "cannot be changed: it addresses the resource");
        }
        if (request.uri() != null && !request.uri().equals(current.uri())) {
            errors.add("uri", "cannot be changed: it is the audience of issued tokens; create a new resource");
        }
        errors.throwIfAny();
        if (request.description() == null || request.description().equals(current.description())) {
            return ResourceView.of(current);
        }
        ApiResource updated = this.resources.save(new ApiResource(current.uri(), current.name(),
                request.description(), current.createdAt(), now(), current.version()));
        ResourceView view = ResourceView.of(updated);
        this.audit.record(AuditType.RESOURCE_UPDATED, AuditTarget.resource(name), ResourceView.of(current), view);
        return view;
    }

    public void delete(String name, String ifMatch) {
        ApiResource current = find(name);
        ETags.check(ifMatch, current.version());
        if (current.uri().equals(this.tokens.issuer().toString())) {
            throw ApiProblem.conflict("The auth-server's own resource cannot be deleted");
        }
        List<String> owned = this.scopes.findNamesByResourceUri(current.uri());
        if (!owned.isEmpty()) {
            throw ApiProblem.conflict("Scopes still belong to resource " + name + ": " + String.join(", ", owned)
                    + "; delete them first");
        }
        this.resources.delete(current);
        this.events.publishEvent(CHANGED);
        this.audit.record(AuditType.RESOURCE_DELETED, AuditTarget.resource(name), ResourceView.of(current), null);
    }

    private ApiResource find(String name) {
        return this.resources.findByName(name)
            .orElseThrow(() -> ApiProblem.notFound("No resource named " + name));
    }

    private Instant now() {
        return this.clock.instant();
    }

    /** An absolute http(s) URI without fragment or user info, as RFC 8707 requires of a resource indicator. */
    static String checkUri(String value) {
        try {
            URI uri = new URI(value);
            if (uri.isAbsolute() && ("https".equals(uri.getScheme()) || "http".equals(uri.getScheme()))
                    && uri.getHost() != null && uri.getRawFragment() == null && uri.getRawUserInfo() == null) {
                return uri.toString();
            }
        }
        catch (URISyntaxException ex) {
            // answered below
        }
        throw ApiProblem.invalid("uri", "must be an absolute https or http URI without fragment or user info");
    }

}
