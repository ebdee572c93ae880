package io.portcullis.revocation;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.StampedLock;

import tools.jackson.databind.JsonNode;

/**
 * What the security feed says must be refused although the token itself is valid: a revoked {@code jti} (until
 * the token would have expired), a disabled or deleted client, a client whose tokens issued before an instant
 * are revoked, a token of an earlier client of the same id (issued before the second the current one was created),
 * a scope the client no longer holds, a signing key withdrawn at once (although a cached JWKS may still hold it).
 * Built from a snapshot, then kept current by the events.
 */
public final class DenyList {

    private final Clock clock;

    /** Replaced whole by a snapshot, so that a check never sees a half-loaded state. */
    private volatile State state = new State();

    private volatile boolean ready;

    /**
     * Held for writing while a page of events is applied: the events of one admin change (a client created with its
     * grants, say) arrive together, and a check between two of them would refuse the new client's valid token.
     */
    private final StampedLock pages = new StampedLock();

    public DenyList(Clock clock) {
        this.clock = clock;
    }

    /**
     * Whether a valid token must still be refused.
     * @param kid the key id in the token's header
     * @param jti the token's id
     * @param clientId its client_id
     * @param issuedAt its iat
     * @param scopes its scopes
     */
    public boolean denies(String kid, String jti, String clientId, Instant issuedAt, Collection<String> scopes) {
        // a check sees the events of a page all or none (applyAll): a page applied in between is checked again
        long stamp = this.pages.tryOptimisticRead();
        boolean denies = refused(this.state, kid, jti, clientId, issuedAt, scopes);
        if (this.pages.validate(stamp)) {
            return denies;
        }
        stamp = this.pages.readLock();
        try {
            return refused(this.state, kid, jti, clientId, issuedAt, scopes);
        }
        finally {
            this.pages.unlockRead(stamp);
        }
    }

    private static boolean refused(State current, String kid, String jti, String clientId, Instant issuedAt,
            Collection<String> scopes) {
        if (kid != null && current.retiredKeys.contains(kid)) {
            return true;
        }
        if (jti != null && current.revokedTokens.containsKey(jti)) {
            return true;
        }
        if (clientId == null) {
            return false;
        }
        if (current.disabledClients.contains(clientId)) {
            return true;
        }
        Instant createdAt = current.createdAt.get(clientId);
        if (createdAt != null && (issuedAt == null || issuedAt.isBefore(createdAt.truncatedTo(ChronoUnit.SECONDS)))) {
            // iat has whole seconds; the auth-server starts a re-created client a whole second after the deletion
            return true;
        }
        Instant before = current.revokedBefore.get(clientId);
        if (before != null && issuedAt != null && !issuedAt.isAfter(before)) {
            return true;
        }
        Set<String> held = current.clientScopes.get(clientId);
        return held != null && scopes != null && !held.containsAll(scopes);
    }

    /** True once a snapshot has been applied. */
    public boolean isReady() {
        return this.ready;
    }

    void reset(JsonNode snapshot) {
        State fresh = new State();
        for (JsonNode token : snapshot.path("revokedTokens")) {
            fresh.revokedTokens.put(token.path("jti").asString(), Instant.parse(token.path("expiresAt").asString()));
        }
        snapshot.path("disabledClients").forEach((client) -> fresh.disabledClients.add(client.asString()));
        snapshot.path("deletedClients").forEach((client) -> fresh.disabledClients.add(client.asString()));
        snapshot.path("createdAt")
            .properties()
            .forEach((entry) -> fresh.createdAt.put(entry.getKey(), Instant.parse(entry.getValue().asString())));
        snapshot.path("retiredKeys").forEach((kid) -> fresh.retiredKeys.add(kid.asString()));
        snapshot.path("revokedBefore")
            .properties()
            .forEach((entry) -> fresh.revokedBefore.put(entry.getKey(), Instant.parse(entry.getValue().asString())));
        snapshot.path("clientScopes").properties().forEach((entry) -> {
            Set<String> scopes = ConcurrentHashMap.newKeySet();
            entry.getValue().forEach((scope) -> scopes.add(scope.asString()));
            fresh.clientScopes.put(entry.getKey(), scopes);
        });
        // the one lock every change takes, so a snapshot never lands inside a page
        long stamp = this.pages.writeLock();
        try {
            this.state = fresh;
        }
        finally {
            this.pages.unlockWrite(stamp);
        }
        this.ready = true;
    }

    /**
     * Applies a page of events as one change: a check sees the state before them or after them all (also inside one
     * event: {@code CLIENT_CREATED} lifts the old client's refusal before it records the new client's start).
     */
    void applyAll(Iterable<JsonNode> events) {
        long stamp = this.pages.writeLock();
        try {
            for (JsonNode event : events) {
                applyOne(event);
            }
        }
        finally {
            this.pages.unlockWrite(stamp);
        }
    }

    /** One event, as a page of its own. */
    void apply(JsonNode event) {
        applyAll(List.of(event));
    }

    private void applyOne(JsonNode event) {
        State current = this.state;
        String client = event.path("clientId").asString(null);
        switch (event.path("type").asString("")) {
            case "TOKEN_REVOKED" -> current.revokedTokens.put(event.path("jti").asString(),
                    Instant.parse(event.path("expiresAt").asString()));
            case "CLIENT_DISABLED", "CLIENT_DELETED" -> current.disabledClients.add(client);
            case "CLIENT_ENABLED" -> current.disabledClients.remove(client);
            case "CLIENT_CREATED" -> {
                // a new life for the id: nothing of the deleted client carries over; its grants follow as events
                current.disabledClients.remove(client);
                current.revokedBefore.remove(client);
                current.clientScopes.put(client, ConcurrentHashMap.newKeySet());
                current.createdAt.put(client, Instant.parse(event.path("effectiveAt").asString()));
            }
            case "CLIENT_TOKENS_REVOKED" -> current.revokedBefore.put(client,
                    Instant.parse(event.path("effectiveAt").asString()));
            case "SCOPE_REMOVED" -> current.clientScopes.computeIfAbsent(client, (id) -> ConcurrentHashMap.newKeySet())
                .remove(event.path("scope").asString());
            case "SCOPE_GRANTED" -> current.clientScopes.computeIfAbsent(client, (id) -> ConcurrentHashMap.newKeySet())
                .add(event.path("scope").asString());
            case "KEY_RETIRED" -> current.retiredKeys.add(event.path("kid").asString());
            default -> {
                // an event type this consumer does not know changes nothing it decides
            }
        }
    }

    /** Forgets revocations of tokens that have expired anyway. */
    void purgeExpired() {
        Instant now = this.clock.instant();
        this.state.revokedTokens.values().removeIf((expiresAt) -> expiresAt.plusSeconds(60).isBefore(now));
    }

    private static final class State {

        final Map<String, Instant> revokedTokens = new ConcurrentHashMap<>();

        final Set<String> disabledClients = ConcurrentHashMap.newKeySet();

        final Map<String, Instant> revokedBefore = new ConcurrentHashMap<>();

        final Map<String, Set<String>> clientScopes = new ConcurrentHashMap<>();

        final Map<String, Instant> createdAt = new ConcurrentHashMap<>();

        final Set<String> retiredKeys = ConcurrentHashMap.newKeySet();

    }

}
