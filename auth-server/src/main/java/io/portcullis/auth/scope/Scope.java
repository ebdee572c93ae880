package io.portcullis.auth.scope;

import java.time.Instant;

import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.Version;
import org.springframework.data.relational.core.mapping.Table;

/** A permission on one resource, such as {@code users.read} on the user-service. */
@Table("scopes")
public record Scope(@Id String name, String resourceUri, String description, Instant createdAt, Instant updatedAt,
        @Version Long version) {

    public static Scope create(String name, String resourceUri, String description, Instant now) {
        return new Scope(name, resourceUri, description, now, now, null);
    }

    public Scope withVersion(Long version) {
        return new Scope(this.name, this.resourceUri, this.description, this.createdAt, this.updatedAt, version);
    }

}
