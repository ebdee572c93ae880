package io.portcullis.auth.scope;

import java.time.Instant;

/**
 * A scope as the admin API shows it.
 *
 * @param name the scope as it appears in token requests and tokens
 * @param resource the name of the resource it belongs to
 * @param audience that resource's URI: the audience of tokens carrying the scope
 * @param description what it allows
 * @param createdAt when it was created
 * @param updatedAt when it last changed
 * @param version the row version; its ETag is this number in quotes
 */
public record ScopeView(String name, String resource, String audience, String description, Instant createdAt,
        Instant updatedAt, long version) {

    static ScopeView of(Scope scope, ApiResource resource) {
        return new ScopeView(scope.name(), resource.name(), resource.uri(), scope.description(), scope.createdAt(),
                scope.updatedAt(), scope.version());
    }

}
