package io.portcullis.auth.client;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.stream.Collectors;

import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.Version;
import org.springframework.data.relational.core.mapping.MappedCollection;
import org.springframework.data.relational.core.mapping.Table;

/**
 * A machine client: its credentials (only hashes of secrets, or public keys), the scopes it may hold and the
 * lifetime of its tokens. {@code grantTypes} is space-separated; empty means the client may introspect and revoke
 * but not obtain tokens.
 */
@Table("clients")
public record Client(@Id String clientId, String name, boolean enabled, String grantTypes,
        String authenticationMethod, String secretHash, String previousSecretHash, Instant previousSecretExpiresAt,
        String jwks, String jwksUri, String assertionSigningAlgorithm, int accessTokenTtlSeconds,
        Instant revokedBefore, Instant createdAt, Instant updatedAt, @Version Long version,
        @MappedCollection(idColumn = "client_id") Set<ClientScope> scopes) {

    public static final String CLIENT_CREDENTIALS = "client_credentials";

    public Client {
        scopes = (scopes != null) ? Set.copyOf(scopes) : Set.of();
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

    public Client withVersion(Long version) {
        return new Client(this.clientId, this.name, this.enabled, this.grantTypes, this.authenticationMethod,
                this.secretHash, this.previousSecretHash, this.previousSecretExpiresAt, this.jwks, this.jwksUri,
                this.assertionSigningAlgorithm, this.accessTokenTtlSeconds, this.revokedBefore, this.createdAt,
                this.updatedAt, version, this.scopes);
    }

    /** This client with the settings an admin can change. */
    public Client withSettings(String name, boolean enabled, String authenticationMethod, String jwks,
            String jwksUri, String assertionSigningAlgorithm, int accessTokenTtlSeconds, Set<ClientScope> scopes,
            Instant updatedAt) {
        return new Client(this.clientId, name, enabled, this.grantTypes, authenticationMethod, this.secretHash,
                this.previousSecretHash, this.previousSecretExpiresAt, jwks, jwksUri, assertionSigningAlgorithm,
                accessTokenTtlSeconds, this.revokedBefore, this.createdAt, updatedAt, this.version, scopes);
    }

    /** This client with every token issued up to {@code instant} revoked. */
    public Client withRevokedBefore(Instant instant) {
        return new Client(this.clientId, this.name, this.enabled, this.grantTypes, this.authenticationMethod,
                this.secretHash, this.previousSecretHash, this.previousSecretExpiresAt, this.jwks, this.jwksUri,
                this.assertionSigningAlgorithm, this.accessTokenTtlSeconds, instant, this.createdAt, instant,
                this.version, this.scopes);
    }

    /** This client with a new secret hash; the previous one stays valid until {@code graceEnds} (if in the future). */
    public Client withRotatedSecret(String newSecretHash, Instant graceEnds) {
        Instant now = Instant.now();
        boolean grace = graceEnds.isAfter(now);
        return new Client(this.clientId, this.name, this.enabled, this.grantTypes, this.authenticationMethod,
                newSecretHash, grace ? this.secretHash : null, grace ? graceEnds : null, this.jwks, this.jwksUri, this.assertionSigningAlgorithm,
                this.accessTokenTtlSeconds, this.revokedBefore, this.createdAt, now, this.version, this.scopes);
    }

}
