package io.portcullis.auth.client;

/**
 * The keys of a {@code private_key_jwt} client as stored: an inline JWK Set (JSON) or a JWK Set URI, and the JWS
 * algorithm of its assertions. All {@code null} for a client that authenticates with a secret.
 *
 * @param jwks the inline JWK Set
 * @param jwksUri where its JWK Set is fetched
 * @param assertionSigningAlgorithm the JWS algorithm of its client assertions
 */
public record ClientKeys(String jwks, String jwksUri, String assertionSigningAlgorithm) {

    public static final ClientKeys NONE = new ClientKeys(null, null, null);

}
