package io.portcullis.auth.client;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.stream.Collectors;

import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.Version;
import org.springframework.data.relational.core.mapping.Embedded;
import org.springframework.data.relational.core.mapping.MappedCollection;
import org.springframework.data.relational.core.mapping.Table;

/**
 * A machine client: its credentials ({@link ClientSecret}: only hashes; or {@link ClientKeys}: public keys), the
 * scopes it may hold and the lifetime of its tokens. {@code grantTypes} is space-separated; empty means the client
 * may introspect and revoke but not obtain tokens. Every change takes the time it happens at from the caller (the
 * injected {@code Clock}).
 */
@Table("clients")
public record Client(@Id String clientId, String name, boolean enabled, String grantTypes,
        String authenticationMethod, @Embedded.Empty ClientSecret secret, @Embedded.Empty ClientKeys keys,
        int accessTokenTtlSeconds, Instant revokedBefore, Instant createdAt, Instant updatedAt, @Version Long version,
        @MappedCollection(idColumn = "client_id") Set<ClientScope> scopes) {

    public static final String CLIENT_CREDENTIALS = "client_credentials";

    public Client {
        secret = (secret != null) ? secret : ClientSecret.NONE;
        keys = (keys != null) ? keys : ClientKeys.NONE;
        scopes = (scopes != null) ? Set.copyOf(scopes) : Set.of();
    }

    /** A new client with the client_credentials grant, enabled, created at {@code now}. */
    public static Client create(String clientId, String name, String authenticationMethod, ClientSecret secret,
            ClientKeys keys, Duration timeToLive, Set<ClientScope> scopes, Instant now) {
        return new Client(clientId, name, true, CLIENT_CREDENTIALS, authenticationMethod, secret, keys,
                (int) timeToLive.toSeconds(), null, now, now, null, scopes);
    }

    public Duration accessTokenTimeToLive() {
        return Duration.ofSeconds(this.accessTokenTtlSeconds);
    }

    public Set<String> allowedScopes() {
        return this.scopes.stream().map(ClientScope::scopeName).collect(Collectors.toUnmodifiableSet());
    }

    public Set<String> defaultScopes() {
        return this.scopes.stream()
            .filter(ClientScope::isDefault)
            .map(ClientScope::scopeName)
            .collect(Collectors.toUnmodifiableSet());
    }

    /** This client with the settings an admin can change, changed at {@code now}. */
    public Client withSettings(Settings settings, Instant now) {
        return new Client(this.clientId, settings.name(), settings.enabled(), this.grantTypes,
                settings.authenticationMethod(), this.secret, settings.keys(), settings.accessTokenTtlSeconds(),
                this.revokedBefore, this.createdAt, now, this.version, settings.scopes());
    }

    /** This client with {@code scopes} instead of its own, changed at {@code now}. */
    public Client withScopes(Set<ClientScope> scopes, Instant now) {
        return withSettings(settings().withScopes(scopes), now);
    }

    /**
     * This client with every token issued up to {@code now} revoked; never earlier than it was (another instance's
     * clock may be behind).
     */
    public Client withRevokedBefore(Instant now) {
        Instant before = (this.revokedBefore != null && this.revokedBefore.isAfter(now)) ? this.revokedBefore : now;
        return new Client(this.clientId, this.name, this.enabled, this.grantTypes, this.authenticationMethod,
                this.secret, this.keys, this.accessTokenTtlSeconds, before, this.createdAt, now, this.version,
                this.scopes);
    }

    /** This client with a new secret hash; the previous one stays valid until {@code graceEnds} (if after now). */
    public Client withRotatedSecret(String newSecretHash, Instant graceEnds, Instant now) {
        return new Client(this.clientId, this.name, this.enabled, this.grantTypes, this.authenticationMethod,
                this.secret.rotate(newSecretHash, graceEnds, now), this.keys, this.accessTokenTtlSeconds,
                this.revokedBefore, this.createdAt, now, this.version, this.scopes);
    }

    /** The settings an admin can change. */
    public Settings settings() {
        return new Settings(this.name, this.enabled, this.authenticationMethod, this.keys, this.accessTokenTtlSeconds,
                this.scopes);
    }

    /**
     * What an admin can change of a client; two clients with equal settings need no update.
     *
     * @param name the display name
     * @param enabled whether it may obtain tokens
     * @param authenticationMethod how it authenticates
     * @param keys its keys ({@code private_key_jwt})
     * @param accessTokenTtlSeconds the lifetime of its tokens
     * @param scopes the scopes it may hold
     */
    public record Settings(String name, boolean enabled, String authenticationMethod, ClientKeys keys,
            int accessTokenTtlSeconds, Set<ClientScope> scopes) {

        public Settings {
            scopes = Set.copyOf(scopes);
        }

        public Settings withEnabled(boolean enabled) {
            return new Settings(this.name, enabled, this.authenticationMethod, this.keys, this.accessTokenTtlSeconds,
                    this.scopes);
        }

        public Settings withScopes(Set<ClientScope> scopes) {
            return new Settings(this.name, this.enabled, this.authenticationMethod, this.keys,
                    this.accessTokenTtlSeconds, scopes);
        }

    }

}
