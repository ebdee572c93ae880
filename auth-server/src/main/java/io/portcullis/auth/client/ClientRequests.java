package io.portcullis.auth.client;

import java.util.List;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import tools.jackson.databind.JsonNode;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;

/** Bodies of the client endpoints. */
final class ClientRequests {

    static final String CLIENT_ID_PATTERN = "[A-Za-z0-9][A-Za-z0-9_.-]{0,99}";

    private ClientRequests() {
    }

    /**
     * A new client. Without {@code clientId} one is generated from the name. A secret is generated for the
     * {@code client_secret_*} methods and shown once; {@code private_key_jwt} needs {@code jwks} or {@code jwksUri}.
     */
    record Create(
            @Pattern(regexp = CLIENT_ID_PATTERN,
                    message = "must be 1 to 100 letters, digits, '_', '.' or '-', starting with a letter or digit")
            String clientId,
            @NotBlank @Size(max = 200) String name, @Size(max = 100) List<String> scopes,
            @Size(max = 100) List<String> defaultScopes, String accessTokenTimeToLive, String authenticationMethod,
            JsonNode jwks, @Size(max = 1000) String jwksUri, String assertionSigningAlgorithm) {
    }

    /** A change: each field present replaces the stored value, an absent or null one leaves it. */
    record Update(String clientId, @Size(min = 1, max = 200) String name, @Size(max = 100) List<String> scopes,
            @Size(max = 100) List<String> defaultScopes, String accessTokenTimeToLive, Boolean enabled,
            String authenticationMethod, JsonNode jwks, @Size(max = 1000) String jwksUri,
            String assertionSigningAlgorithm) {
    }

    /** Grants one scope; {@code isDefault} makes it one of the client's default scopes. */
    record Grant(Boolean isDefault) {
    }

    /** A newly created client and its secret, which is never shown again. */
    record Created(@JsonUnwrapped ClientView client, @JsonInclude(JsonInclude.Include.NON_NULL) String clientSecret) {
    }

    /**
     * A new secret, shown once.
     * @param clientId the client
     * @param clientSecret its new secret
     * @param previousSecretExpiresAt until when the secret it replaces is still accepted ({@code null}: no longer)
     * @param version the client's new row version
     */
    record SecretRotated(String clientId, String clientSecret, java.time.Instant previousSecretExpiresAt,
            long version) {
    }

}
