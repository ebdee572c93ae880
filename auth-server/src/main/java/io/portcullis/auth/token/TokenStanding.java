package io.portcullis.auth.token;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;

import io.portcullis.auth.client.RegisteredClients;
import io.portcullis.auth.revocation.RevocationStore;

import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.stereotype.Component;

/**
 * Whether an access token of this server, already verified (signature, issuer, type, lifetime), still stands right
 * now — the one rule behind introspection, revocation and this server's own APIs (admin API, security feed), and
 * the same rule the deny-list applies at the edge. Everything but the {@code jti} comes from the cached client, so
 * a change is seen on the next call without a database round trip.
 */
@Component
public final class TokenStanding {

    private final RegisteredClientRepository clients;

    private final RevocationStore revocations;

    TokenStanding(RegisteredClientRepository clients, RevocationStore revocations) {
        this.clients = clients;
        this.revocations = revocations;
    }

    /** The token's client as it is now; {@code null} when it is unknown, deleted or disabled. */
    public RegisteredClient client(Jwt jwt) {
        String clientId = jwt.getClaimAsString("client_id");
        return (clientId != null) ? this.clients.findByClientId(clientId) : null;
    }

    /**
     * Whether {@code jwt} still stands for {@code client} (its client now): issued to this incarnation of the client
     * id, after the client's tokens were last revoked, for scopes the client all still holds, and not revoked itself.
     */
    public boolean stands(Jwt jwt, RegisteredClient client) {
        Instant issuedAt = jwt.getIssuedAt();
        if (jwt.getId() == null || issuedAt == null || !issuedToThisIncarnation(issuedAt, client)) {
            return false;
        }
        Instant revokedBefore = RegisteredClients.revokedBefore(client);
        if (revokedBefore != null && !issuedAt.isAfter(revokedBefore)) {
            return false;
        }
        if (!client.getScopes().containsAll(scopes(jwt))) {
            // a scope taken away ends every token carrying it, as at the edge (README: security feed)
            return false;
        }
        return !this.revocations.isRevoked(jwt.getId());
    }

    /** {@link #client} and {@link #stands} together: the standing token's client, or {@code null}. */
    public RegisteredClient standingClient(Jwt jwt) {
        RegisteredClient client = client(jwt);
        return (client != null && stands(jwt, client)) ? client : null;
    }

    /**
     * A client id deleted and created again is a new client: tokens of the earlier one carry an {@code iat} before
     * the new one's creation. {@code iat} has whole seconds, so the creation is compared at whole seconds too; the
     * database starts a re-created client at least a whole second after the deletion (V4 migration), so no earlier
     * token shares that second.
     */
    static boolean issuedToThisIncarnation(Instant issuedAt, RegisteredClient client) {
        Instant createdAt = client.getClientIdIssuedAt();
        return createdAt == null || !issuedAt.isBefore(createdAt.truncatedTo(ChronoUnit.SECONDS));
    }

    static Set<String> scopes(Jwt jwt) {
        String scope = jwt.getClaimAsString("scope");
        return (scope == null || scope.isBlank()) ? Set.of() : Set.copyOf(List.of(scope.trim().split(" +")));
    }

}
