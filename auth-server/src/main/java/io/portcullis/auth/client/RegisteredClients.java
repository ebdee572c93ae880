package io.portcullis.auth.client;

import java.time.Instant;
import java.util.Arrays;
import java.util.Set;

import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;
import org.springframework.security.oauth2.server.authorization.settings.OAuth2TokenFormat;
import org.springframework.security.oauth2.server.authorization.settings.TokenSettings;

/** Maps a stored {@link Client} onto Spring Authorization Server's {@link RegisteredClient}, and reads it back. */
public final class RegisteredClients {

    /**
     * Marks a client that may authenticate (to introspect or revoke) but holds no grant type:
     * {@code RegisteredClient} requires at least one, and this one is accepted by no token endpoint converter.
     */
    public static final AuthorizationGrantType NO_GRANT = new AuthorizationGrantType("urn:portcullis:grant-type:none");

    private static final String JWKS = "portcullis.client.jwks";

    private static final String DEFAULT_SCOPES = "portcullis.client.default-scopes";

    private static final String REVOKED_BEFORE = "portcullis.client.revoked-before";

    private static final String VERSION = "portcullis.client.version";

    private RegisteredClients() {
    }

    static RegisteredClient from(Client client) {
        ClientSettings.Builder settings = ClientSettings.builder()
            .requireProofKey(false)
            .requireAuthorizationConsent(false)
            .setting(DEFAULT_SCOPES, client.defaultScopes())
            .setting(VERSION, (client.version() != null) ? client.version() : 0L);
        if (client.keys().jwks() != null) {
            settings.setting(JWKS, client.keys().jwks());
        }
        if (client.keys().jwksUri() != null) {
            settings.jwkSetUrl(client.keys().jwksUri());
        }
        if (client.keys().assertionSigningAlgorithm() != null) {
            settings.tokenEndpointAuthenticationSigningAlgorithm(
                    SignatureAlgorithm.from(client.keys().assertionSigningAlgorithm()));
        }
        if (client.revokedBefore() != null) {
            settings.setting(REVOKED_BEFORE, client.revokedBefore());
        }
        RegisteredClient.Builder builder = RegisteredClient.withId(client.clientId())
            .clientId(client.clientId())
            .clientName(client.name())
            .clientIdIssuedAt(client.createdAt())
            .clientAuthenticationMethod(new ClientAuthenticationMethod(client.authenticationMethod()))
            .scopes((scopes) -> scopes.addAll(client.allowedScopes()))
            .clientSettings(settings.build())
            .tokenSettings(TokenSettings.builder()
                .accessTokenFormat(OAuth2TokenFormat.SELF_CONTAINED)
                .accessTokenTimeToLive(client.accessTokenTimeToLive())
                .reuseRefreshTokens(false)
                .build());
        if (client.secret().hash() != null) {
            builder.clientSecret(ClientSecretHasher.credential(client.secret().hash(), client.secret().previousHash(),
                    client.secret().previousExpiresAt()));
        }
        String[] grantTypes = client.grantTypes().isBlank() ? new String[0] : client.grantTypes().trim().split("\\s+");
        if (grantTypes.length == 0) {
            builder.authorizationGrantType(NO_GRANT);
        }
        Arrays.stream(grantTypes).map(AuthorizationGrantType::new).forEach(builder::authorizationGrantType);
        return builder.build();
    }

    /** The scopes granted when a token request names none. */
    public static Set<String> defaultScopes(RegisteredClient client) {
        Set<String> scopes = client.getClientSettings().getSetting(DEFAULT_SCOPES);
        return (scopes != null) ? scopes : Set.of();
    }

    /** The client's registered JWK Set document for {@code private_key_jwt}, if it registered one inline. */
    public static String jwks(RegisteredClient client) {
        return client.getClientSettings().getSetting(JWKS);
    }

    /** Tokens of this client issued before this instant are revoked; {@code null} if none are. */
    public static Instant revokedBefore(RegisteredClient client) {
        return client.getClientSettings().getSetting(REVOKED_BEFORE);
    }

    /** Changes whenever the stored client changes: a cache key for anything derived from it. */
    public static long version(RegisteredClient client) {
        Long version = client.getClientSettings().getSetting(VERSION);
        return (version != null) ? version : 0L;
    }

}
