package io.portcullis.users.user;

import java.net.URI;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;
import io.portcullis.resourceserver.RequiredScope;
import io.portcullis.users.security.UserScopes;
import tools.jackson.databind.JsonNode;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
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

/**
 * The users API. Each handler declares its scope ({@link RequiredScope}), which the resource server starter
 * enforces before the request gets here: reads need {@code users.read}, changes {@code users.write}.
 */
@RestController
@RequestMapping(path = "/users", produces = MediaType.APPLICATION_JSON_VALUE)
class UserController {

    static final String MERGE_PATCH_JSON = "application/merge-patch+json";

    private final Users users;

    UserController(Users users) {
        this.users = users;
    }

    @GetMapping("/{id}")
    @RequiredScope(UserScopes.READ)
    ResponseEntity<User> get(@PathVariable UUID id) {
        User user = this.users.get(id);
        return ResponseEntity.ok().eTag(user.etag()).body(user);
    }

    /** A page of users ordered by creation; {@code size} is capped at 100. */
    @GetMapping
    @RequiredScope(UserScopes.READ)
    UserPage list(@RequestParam(defaultValue = "0") @Min(0) @Max(1_000_000) int page,
            @RequestParam(defaultValue = "20") @Min(1) int size,
            @RequestParam(required = false) @Email @Size(max = 254) String email,
            @RequestParam(required = false) UserStatus status) {
        return this.users.list(page, size, email, status);
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    @RequiredScope(UserScopes.WRITE)
    ResponseEntity<User> create(@Valid @RequestBody CreateUserRequest request) {
        User user = this.users.create(request.fields());
        return ResponseEntity.created(URI.create("/users/" + user.id())).eTag(user.etag()).body(user);
    }

    @PutMapping(path = "/{id}", consumes = MediaType.APPLICATION_JSON_VALUE)
    @RequiredScope(UserScopes.WRITE)
    ResponseEntity<User> replace(@PathVariable UUID id,
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
            @Valid @RequestBody UserFields fields) {
        User user = this.users.replace(id, ifMatch, fields);
        return ResponseEntity.ok().eTag(user.etag()).body(user);
    }

    @PatchMapping(path = "/{id}", consumes = MERGE_PATCH_JSON)
    @RequiredScope(UserScopes.WRITE)
    ResponseEntity<User> patch(@PathVariable UUID id,
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
            @RequestBody JsonNode patch) {
        User user = this.users.patch(id, ifMatch, patch);
        return ResponseEntity.ok().eTag(user.etag()).body(user);
    }

    @DeleteMapping("/{id}")
    @RequiredScope(UserScopes.WRITE)
    ResponseEntity<Void> delete(@PathVariable UUID id,
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch) {
        this.users.delete(id, ifMatch);
        return ResponseEntity.noContent().build();
    }

}
