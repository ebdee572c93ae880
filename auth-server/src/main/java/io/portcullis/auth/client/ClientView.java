package io.portcullis.auth.client;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonRawValue;

/**
 * A client as the admin API shows it — never a secret nor a secret's hash.
 *
 * @param clientId its client_id
 * @param name a display name
 * @param enabled whether it may obtain and use tokens
 * @param authenticationMethod {@code client_secret_basic}, {@code client_secret_post} or {@code private_key_jwt}
 * @param scopes the scopes it may request
 * @param defaultScopes the scopes it receives when a request names none
 * @param accessTokenTimeToLive the lifetime of its access tokens (ISO-8601)
 * @param jwks its public JWK Set for {@code private_key_jwt}, if registered inline
 * @param jwksUri where its JWK Set is published, for {@code private_key_jwt}
 * @param assertionSigningAlgorithm the JWS algorithm of its client assertions
 * @param previousSecretExpiresAt until when the secret before the last rotation is still accepted
 * @param revokedBefore its tokens issued up to this instant are revoked
 * @param createdAt when it was created
 * @param updatedAt when it last changed
 * @param version the row version; its ETag is this number in quotes
 */
public record ClientView(String clientId, String name, boolean enabled, String authenticationMethod,
        List<String> scopes, List<String> defaultScopes, String accessTokenTimeToLive, @JsonRawValue String jwks,
        String jwksUri, String assertionSigningAlgorithm, Instant previousSecretExpiresAt, Instant revokedBefore,
        Instant createdAt, Instant updatedAt, long version) {

    static ClientView of(Client client) {
        return new ClientView(client.clientId(), client.name(), client.enabled(), client.authenticationMethod(),
                client.allowedScopes().stream().sorted().toList(), client.defaultScopes().stream().sorted().toList(),
                client.accessTokenTimeToLive().toString(), client.keys().jwks(), client.keys().jwksUri(),
                client.keys().assertionSigningAlgorithm(), client.secret().previousExpiresAt(), client.revokedBefore(),
                client.createdAt(), client.updatedAt(), client.version());
    }

}
