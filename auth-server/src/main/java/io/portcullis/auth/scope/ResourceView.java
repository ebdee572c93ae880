package io.portcullis.auth.scope;

import java.time.Instant;

/**
 * A resource as the admin API shows it.
 *
 * @param name its unique name, which addresses it in the API
 * @param uri the audience of tokens for it (RFC 8707)
 * @param description what it is
 * @param createdAt when it was created
 * @param updatedAt when it last changed
 * @param version the row version; its ETag is this number in quotes
 */
public record ResourceView(String name, String uri, String description, Instant createdAt, Instant updatedAt,
        long version) {

    static ResourceView of(ApiResource resource) {
        return new ResourceView(resource.name(), resource.uri(), resource.description(), resource.createdAt(),
                resource.updatedAt(), resource.version());
    }

}
