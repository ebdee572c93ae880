package io.portcullis.auth.client;

import java.net.URI;
import java.time.Duration;

import io.portcullis.auth.system.ApiProblem;
import io.portcullis.auth.system.ETags;
import io.portcullis.auth.system.ResultPage;
import jakarta.validation.Valid;

import org.springframework.http.CacheControl;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Clients: who may obtain tokens, with which scopes, for how long, authenticated how. */
@RestController
@RequestMapping("/admin/v1/clients")
class ClientAdminController {

    private final ClientAdministration clients;

    private final ClientListing listing;

    ClientAdminController(ClientAdministration clients, ClientListing listing) {
        this.clients = clients;
        this.listing = listing;
    }

    @GetMapping
    ResultPage<ClientView> list(@RequestParam(required = false) String name,
            @RequestParam(required = false) String scope, @RequestParam(required = false) Boolean enabled,
            @RequestParam(defaultValue = "0") int page,
            @RequestParam(defaultValue = "" + ResultPage.DEFAULT_SIZE) int size) {
        return this.listing.list(name, scope, enabled, page, size);
    }

    @GetMapping("/{clientId}")
    ResponseEntity<ClientView> get(@PathVariable String clientId) {
        return ETags.ok(this.clients.get(clientId), ClientView::version);
    }

    /** 201 with the client and, for the secret methods, its secret: the only time it is ever shown. */
    @PostMapping
    ResponseEntity<ClientRequests.Created> create(@Valid @RequestBody ClientRequests.Create request) {
        ClientRequests.Created created = this.clients.create(request);
        return ResponseEntity.created(URI.create("/admin/v1/clients/" + created.client().clientId()))
            .eTag(ETags.of(created.client().version()))
            .cacheControl(CacheControl.noStore())
            .body(created);
    }

    @PatchMapping(path = "/{clientId}", consumes = { "application/json", "application/merge-patch+json" })
    ResponseEntity<ClientView> update(@PathVariable String clientId,
            @Valid @RequestBody ClientRequests.Update request,
            @RequestHeader(name = "If-Match", required = false) String ifMatch) {
        return ETags.ok(this.clients.update(clientId, request, ifMatch), ClientView::version);
    }

    @DeleteMapping("/{clientId}")
    ResponseEntity<Void> delete(@PathVariable String clientId,
            @RequestHeader(name = "If-Match", required = false) String ifMatch) {
        this.clients.delete(clientId, ifMatch);
        return ResponseEntity.noContent().build();
    }

    /** Grants one scope; the optional body {@code {"isDefault": true}} makes it a default scope. */
    @PutMapping("/{clientId}/scopes/{scope}")
    ResponseEntity<ClientView> grant(@PathVariable String clientId, @PathVariable String scope,
            @RequestBody(required = false) ClientRequests.Grant request,
            @RequestHeader(name = "If-Match", required = false) String ifMatch) {
        boolean isDefault = request != null && Boolean.TRUE.equals(request.isDefault());
        return ETags.ok(this.clients.grant(clientId, scope, isDefault, ifMatch), ClientView::version);
    }

    /** Takes one scope away: the next token request for it fails, tokens carrying it are refused at the edge. */
    @DeleteMapping("/{clientId}/scopes/{scope}")
    ResponseEntity<ClientView> revoke(@PathVariable String clientId, @PathVariable String scope,
            @RequestHeader(name = "If-Match", required = false) String ifMatch) {
        return ETags.ok(this.clients.revoke(clientId, scope, ifMatch), ClientView::version);
    }

    /**
     * Rotates the secret; the new one is in the answer, shown once. The previous one keeps working for
     * {@code gracePeriod} (ISO-8601, default the configured grace period; {@code PT0S} ends it at once).
     */
    @PostMapping("/{clientId}/secret")
    ResponseEntity<ClientRequests.SecretRotated> rotateSecret(@PathVariable String clientId,
            @RequestParam(required = false) String gracePeriod,
            @RequestHeader(name = "If-Match", required = false) String ifMatch) {
        ClientRequests.SecretRotated rotated = this.clients.rotateSecret(clientId, duration(gracePeriod), ifMatch);
        return ResponseEntity.ok()
            .eTag(ETags.of(rotated.version()))
            .cacheControl(CacheControl.noStore())
            .body(rotated);
    }

    /** Revokes every token the client was issued until now. */
    @PostMapping("/{clientId}/tokens/revoke")
    ResponseEntity<ClientView> revokeTokens(@PathVariable String clientId,
            @RequestHeader(name = "If-Match", required = false) String ifMatch) {
        return ETags.ok(this.clients.revokeTokens(clientId, ifMatch), ClientView::version);
    }

    private static Duration duration(String value) {
        if (value == null) {
            return null;
        }
        try {
            return Duration.parse(value);
        }
        catch (java.time.format.DateTimeParseException ex) {
            throw ApiProblem.invalid("gracePeriod", "must be an ISO-8601 duration such as PT1H or PT0S");
        }
    }

}
