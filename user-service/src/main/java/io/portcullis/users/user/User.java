package io.portcullis.users.user;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.Version;
import org.springframework.data.relational.core.mapping.Table;

/** A user of the platform. {@code version} is the optimistic lock and the ETag. */
@Table("users")
public record User(@Id UUID id, String username, String email, String displayName, UserStatus status,
        Instant createdAt, Instant updatedAt, @Version Long version) {

    static User create(UserFields fields) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        return new User(UUID.randomUUID(), fields.username(), fields.email(), fields.displayName(), fields.status(),
                now, now, null);
    }

    /** This user with {@code fields}, keeping id, creation time and version (the optimistic lock checks it). */
    User with(UserFields fields) {
        return new User(this.id, fields.username(), fields.email(), fields.displayName(), fields.status(),
                this.createdAt, Instant.now().truncatedTo(ChronoUnit.MICROS), this.version);
    }

    User withVersion(Long version) {
        return new User(this.id, this.username, this.email, this.displayName, this.status, this.createdAt,
                this.updatedAt, version);
    }

    UserFields fields() {
        return new UserFields(this.username, this.email, this.displayName, this.status);
    }

    /** The strong entity tag of this version (RFC 9110 §8.8.3). */
    String etag() {
        return "\"" + this.version + "\"";
    }

}
