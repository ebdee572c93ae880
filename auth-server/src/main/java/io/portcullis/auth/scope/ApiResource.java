package io.portcullis.auth.scope;

import java.time.Instant;

import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.Version;
import org.springframework.data.relational.core.mapping.Table;

/** A resource server that tokens can be issued for; its URI is the token's audience (RFC 8707). */
@Table("resources")
public record ApiResource(@Id String uri, String name, String description, Instant createdAt, Instant updatedAt,
        @Version Long version) {

    public static ApiResource create(String uri, String name, String description, Instant now) {
        return new ApiResource(uri, name, description, now, now, null);
    }

    public ApiResource withVersion(Long version) {
        return new ApiResource(this.uri, this.name, this.description, this.createdAt, this.updatedAt, version);
    }

}
