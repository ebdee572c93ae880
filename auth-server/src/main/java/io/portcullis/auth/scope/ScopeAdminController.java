package io.portcullis.auth.scope;

import java.net.URI;
import java.util.List;

import io.portcullis.auth.system.ETags;
import io.portcullis.auth.system.ResultPage;
import jakarta.validation.Valid;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Scopes: permissions on one resource each. */
@RestController
@RequestMapping("/admin/v1/scopes")
class ScopeAdminController {

    private final ScopeAdministration scopes;

    ScopeAdminController(ScopeAdministration scopes) {
        this.scopes = scopes;
    }

    @GetMapping
    ResultPage<ScopeView> list(@RequestParam(required = false) String resource,
            @RequestParam(defaultValue = "0") int page,
            @RequestParam(defaultValue = "" + ResultPage.DEFAULT_SIZE) int size) {
        return ResultPage.of(this.scopes.list(resource), page, size);
    }

    @GetMapping("/{name}")
    ResponseEntity<ScopeView> get(@PathVariable String name) {
        return ETags.ok(this.scopes.get(name), ScopeView::version);
    }

    @PostMapping
    ResponseEntity<ScopeView> create(@Valid @RequestBody ScopeRequests.Create request) {
        ScopeView created = this.scopes.create(request);
        return ResponseEntity.created(URI.create("/admin/v1/scopes/" + created.name()))
            .eTag(ETags.of(created.version()))
            .body(created);
    }

    @PatchMapping(path = "/{name}", consumes = { "application/json", "application/merge-patch+json" })
    ResponseEntity<ScopeView> update(@PathVariable String name, @Valid @RequestBody ScopeRequests.Update request,
            @RequestHeader(name = "If-Match", required = false) String ifMatch) {
        return ETags.ok(this.scopes.update(name, request, ifMatch), ScopeView::version);
    }

    /** With {@code revokeFromClients=true}, a scope still granted is taken from its clients and then deleted. */
    @DeleteMapping("/{name}")
    ResponseEntity<Void> delete(@PathVariable String name,
            @RequestParam(defaultValue = "false") boolean revokeFromClients,
            @RequestHeader(name = "If-Match", required = false) String ifMatch) {
        this.scopes.delete(name, revokeFromClients, ifMatch);
        return ResponseEntity.noContent().build();
    }

}
