package io.portcullis.auth.token;

import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Semaphore;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import io.portcullis.auth.client.JwksUriProperties;
import io.portcullis.auth.client.RegisteredClients;

import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtDecoderFactory;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.authorization.authentication.JwtClientAssertionDecoderFactory;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;

/**
 * Verifies {@code private_key_jwt} client assertions (RFC 7523) against the client's registered JWK Set, inline or
 * by URI. Unlike Spring Authorization Server's default factory, a decoder is rebuilt when the client changes (its
 * keys may have been replaced), a remote JWK Set is fetched only under {@link GuardedRemoteJwkSource}'s limits, and
 * an assertion is accepted once on any instance ({@link ClientAssertionReplayValidator}).
 */
final class ClientAssertionDecoderFactory implements JwtDecoderFactory<RegisteredClient> {

    private final Cache<String, JwtDecoder> decoders = Caffeine.newBuilder()
        .maximumSize(10_000)
        .expireAfterAccess(Duration.ofHours(1))
        .build();

    private final ClientAssertionJtiStore jtis;

    private final RemoteJwkSets remote;

    private final JwksUriProperties settings;

    private final Semaphore fetchSlots;

    private final Clock clock;

    ClientAssertionDecoderFactory(ClientAssertionJtiStore jtis, RemoteJwkSets remote, JwksUriProperties settings,
            Clock clock) {
        this.jtis = jtis;
        this.remote = remote;
        this.settings = settings;
        this.fetchSlots = new Semaphore(settings.maxConcurrentFetches());
        this.clock = clock;
    }

    /**
     * A decoder per life and version of the client: the version alone starts again at 0 for a client deleted and
     * created anew under the same id, which is how an admin replaces a leaked key, and the new client was then checked
     * against the old client's keys (cached for as long as the old key kept using them).
     */
    @Override
    public JwtDecoder createDecoder(RegisteredClient client) {
        String key = client.getId() + ":" + client.getClientIdIssuedAt() + ":" + RegisteredClients.version(client);
        return this.decoders.get(key, (ignored) -> build(client));
    }

    private JwtDecoder build(RegisteredClient client) {
        if (!(client.getClientSettings()
            .getTokenEndpointAuthenticationSigningAlgorithm() instanceof SignatureAlgorithm algorithm)) {
            throw invalidClient("The client has no registered assertion signing algorithm");
        }
        NimbusJwtDecoder decoder;
        String jwks = RegisteredClients.jwks(client);
        if (jwks != null) {
            try {
                decoder = NimbusJwtDecoder.withJwkSource(new ImmutableJWKSet<>(JWKSet.parse(jwks)))
                    .jwsAlgorithm(algorithm)
                    .build();
            }
            catch (ParseException ex) {
                throw invalidClient("The client's registered JWK Set cannot be read");
            }
        }
        else if (client.getClientSettings().getJwkSetUrl() != null) {
            decoder = NimbusJwtDecoder
                .withJwkSource(new GuardedRemoteJwkSource(client.getClientId(),
                        client.getClientSettings().getJwkSetUrl(), this.remote, this.fetchSlots, this.settings,
                        this.clock))
                .jwsAlgorithm(algorithm)
                .build();
        }
        else {
            throw invalidClient("The client has no registered JWK Set");
        }
        decoder.setJwtValidator(new ClientAssertionReplayValidator(
                JwtClientAssertionDecoderFactory.DEFAULT_JWT_VALIDATOR_FACTORY.apply(client), client.getClientId(),
                this.jtis, this.clock));
        return decoder;
    }

    private static OAuth2AuthenticationException invalidClient(String description) {
        return OAuth2Errors.error(OAuth2ErrorCodes.INVALID_CLIENT, description);
    }

}
