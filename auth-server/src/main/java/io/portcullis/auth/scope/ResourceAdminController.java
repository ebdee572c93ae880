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

/** Resources: the audiences tokens are issued for. */
@RestController
@RequestMapping("/admin/v1/resources")
class ResourceAdminController {

    private final ResourceAdministration resources;

    ResourceAdminController(ResourceAdministration resources) {
        this.resources = resources;
    }

    @GetMapping
    ResultPage<ResourceView> list(@RequestParam(defaultValue = "0") int page,
            @RequestParam(defaultValue = "" + ResultPage.DEFAULT_SIZE) int size) {
        return ResultPage.of(this.resources.list(), page, size);
    }

    @GetMapping("/{name}")
    ResponseEntity<ResourceView> get(@PathVariable String name) {
        return ETags.ok(this.resources.get(name), ResourceView::version);
    }

    @PostMapping
    ResponseEntity<ResourceView> create(@Valid @RequestBody ResourceRequests.Create request) {
        ResourceView created = this.resources.create(request);
        return ResponseEntity.created(URI.create("/admin/v1/resources/" + created.name()))
            .eTag(ETags.of(created.version()))
            .body(created);
    }

    @PatchMapping(path = "/{name}", consumes = { "application/json", "application/merge-patch+json" })
    ResponseEntity<ResourceView> update(@PathVariable String name, @Valid @RequestBody ResourceRequests.Update request,
            @RequestHeader(name = "If-Match", required = false) String ifMatch) {
        return ETags.ok(this.resources.update(name, request, ifMatch), ResourceView::version);
    }

    @DeleteMapping("/{name}")
    ResponseEntity<Void> delete(@PathVariable String name,
            @RequestHeader(name = "If-Match", required = false) String ifMatch) {
        this.resources.delete(name, ifMatch);
        return ResponseEntity.noContent().build();
    }

}
