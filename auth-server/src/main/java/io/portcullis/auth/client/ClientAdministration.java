package io.portcullis.auth.client;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

import io.portcullis.auth.audit.AuditLog;
import io.portcullis.auth.audit.AuditTarget;
import io.portcullis.auth.audit.AuditType;
import io.portcullis.auth.system.ApiProblem;
import io.portcullis.auth.system.ETags;
import io.portcullis.auth.system.FieldErrors;
import io.portcullis.auth.system.StoredDataChanged;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Everything an admin does to clients: create (with a generated secret, shown once), change, grant and take away
 * scopes, rotate the secret, revoke every token issued so far, delete. Each change is checked whole before anything
 * is written, guarded by the ETag the admin read, audited, and seen by this instance's next token request.
 */
@Service
@Transactional
class ClientAdministration {

    private static final StoredDataChanged CHANGED = StoredDataChanged.of(StoredDataChanged.Kind.CLIENTS);

    private static final SecureRandom RANDOM = new SecureRandom();

    private static final Duration MAX_GRACE = Duration.ofDays(1);

    private final ClientRepository clients;

    private final ClientStore store;

    private final ClientRules rules;

    private final ClientSecretHasher hasher;

    private final ClientProperties properties;

    private final AuditLog audit;

    private final ApplicationEventPublisher events;

    private final LastAdminGuard lastAdmin;

    private final Clock clock;

    ClientAdministration(ClientRepository clients, ClientStore store, ClientRules rules, ClientSecretHasher hasher,
            ClientProperties properties, AuditLog audit, ApplicationEventPublisher events, LastAdminGuard lastAdmin,
            Clock clock) {
        this.clients = clients;
        this.store = store;
        this.rules = rules;
        this.hasher = hasher;
        this.properties = properties;
        this.audit = audit;
        this.events = events;
        this.lastAdmin = lastAdmin;
        this.clock = clock;
    }

    @Transactional(readOnly = true)
    public ClientView get(String clientId) {
        return ClientView.of(find(clientId));
    }

    public ClientRequests.Created create(ClientRequests.Create request) {
        FieldErrors errors = new FieldErrors();
        Set<ClientScope> scopes = this.rules.scopes(orEmpty(request.scopes()), orEmpty(request.defaultScopes()),
                errors);
        int ttl = this.rules.timeToLive(request.accessTokenTimeToLive(), errors);
        String method = this.rules.authenticationMethod(request.authenticationMethod(), errors);
        ClientKeys keys = this.rules.keys(method, request.jwks(), request.jwksUri(),
                request.assertionSigningAlgorithm(), errors);
        errors.throwIfAny();
        String clientId = (request.clientId() != null) ? request.clientId() : generateClientId(request.name());
        if (this.clients.existsById(clientId)) {
            throw ApiProblem.conflict("A client with client_id " + clientId + " exists");
        }
        String secret = ClientRules.SECRET_METHODS.contains(method) ? ClientSecrets.generate() : null;
        this.clients.save(Client.create(clientId, request.name(), method,
                (secret != null) ? ClientSecret.of(this.hasher.hash(secret)) : ClientSecret.NONE, keys,
                Duration.ofSeconds(ttl), scopes, this.clock.instant()));
        // as stored: the database starts a client id re-created just after its deletion a little later (V4)
        ClientView view = ClientView.of(find(clientId));
        this.events.publishEvent(CHANGED);
        this.audit.record(AuditType.CLIENT_CREATED, AuditTarget.client(clientId), null, view);
        return new ClientRequests.Created(view, secret);
    }

    public ClientView update(String clientId, ClientRequests.Update request, String ifMatch) {
        Client current = find(clientId);
        ETags.check(ifMatch, current.version());
        FieldErrors errors = new FieldErrors();
        if (request.clientId() != null && !request.clientId().equals(clientId)) {
            errors.add("clientId", "cannot be changed");
        }
        List<String> allowed = (request.scopes() != null) ? request.scopes()
                : current.allowedScopes().stream().sorted().toList();
        List<String> defaults = (request.defaultScopes() != null) ? request.defaultScopes()
                : current.defaultScopes().stream().filter(allowed::contains).sorted().toList();
        Set<ClientScope> scopes = this.rules.scopes(allowed, defaults, errors);
        int ttl = (request.accessTokenTimeToLive() != null)
                ? this.rules.timeToLive(request.accessTokenTimeToLive(), errors) : current.accessTokenTtlSeconds();
        String method = (request.authenticationMethod() != null)
                ? this.rules.authenticationMethod(request.authenticationMethod(), errors)
                : current.authenticationMethod();
        if (!method.equals(current.authenticationMethod())
                && !(ClientRules.SECRET_METHODS.contains(method)
                        && ClientRules.SECRET_METHODS.contains(current.authenticationMethod()))) {
            errors.add("authenticationMethod",
                    "can change only between client_secret_basic and client_secret_post; create a new client");
        }
        ClientKeys keys = keysAfter(current, method, request, errors);
        boolean enabled = (request.enabled() != null) ? request.enabled() : current.enabled();
        errors.throwIfAny();
        if (!enabled && current.enabled()) {
            refuseOwnClient(clientId, "disable");
        }
        if (enabled && !current.enabled()) {
            awaitTheSecondAfter(current.revokedBefore());
        }
        Instant now = this.clock.instant();
        Client changed = current.withSettings(new Client.Settings(
                (request.name() != null) ? request.name() : current.name(), enabled, method, keys, ttl, scopes), now);
        if (current.settings().equals(changed.settings())) {
            return ClientView.of(current);
        }
        if (!enabled && current.enabled()) {
            // disabling ends the tokens issued until now for good: enabling the client again (after its secret was
            // rotated, say) must not bring back a token that leaked, nor one revoked while the client was disabled
            changed = changed.withRevokedBefore(now);
        }
        this.lastAdmin.check(current, changed);
        return save(current, changed, updateType(current, changed));
    }

    /**
     * Waits, at most a second, until the second of {@code revokedBefore} is over. A token's {@code iat} has whole
     * seconds, and one issued in the second of a revocation counts as revoked (decision 20): a client disabled and
     * enabled again within one second (a script rotating a leaked secret in between) would otherwise be issued
     * tokens refused everywhere until they expire.
     */
    private void awaitTheSecondAfter(Instant revokedBefore) {
        if (revokedBefore == null) {
            return;
        }
        Duration wait = Duration.between(this.clock.instant(),
                revokedBefore.truncatedTo(ChronoUnit.SECONDS).plusSeconds(1));
        if (wait.isNegative() || wait.isZero() || wait.compareTo(Duration.ofSeconds(1)) > 0) {
            return;
        }
        try {
            Thread.sleep(wait);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

    /** Grants {@code scope}; granting a held scope changes only whether it is a default one. */
    public ClientView grant(String clientId, String scope, boolean isDefault, String ifMatch) {
        Client current = find(clientId);
        ETags.check(ifMatch, current.version());
        if (!this.rules.scopeExists(scope)) {
            throw ApiProblem.notFound("No scope named " + scope);
        }
        Set<ClientScope> scopes = current.scopes()
            .stream()
            .filter((held) -> !held.scopeName().equals(scope))
            .collect(Collectors.toCollection(HashSet::new));
        scopes.add(new ClientScope(scope, isDefault));
        Client changed = withScopes(current, scopes);
        if (current.scopes().equals(changed.scopes())) {
            return ClientView.of(current);
        }
        return save(current, changed, AuditType.CLIENT_SCOPE_GRANTED);
    }

    /** Takes {@code scope} away; the feed tells the edge to refuse tokens still carrying it. */
    public ClientView revoke(String clientId, String scope, String ifMatch) {
        Client current = find(clientId);
        ETags.check(ifMatch, current.version());
        if (!current.allowedScopes().contains(scope)) {
            throw ApiProblem.notFound("Client " + clientId + " does not hold scope " + scope);
        }
        Set<ClientScope> scopes = current.scopes()
            .stream()
            .filter((held) -> !held.scopeName().equals(scope))
            .collect(Collectors.toUnmodifiableSet());
        Client changed = withScopes(current, scopes);
        this.lastAdmin.check(current, changed);
        return save(current, changed, AuditType.CLIENT_SCOPE_REVOKED);
    }

    /** A new secret, shown once; the previous one is still accepted for {@code gracePeriod} (default: configured). */
    public ClientRequests.SecretRotated rotateSecret(String clientId, Duration gracePeriod, String ifMatch) {
        Client current = find(clientId);
        ETags.check(ifMatch, current.version());
        if (!ClientRules.SECRET_METHODS.contains(current.authenticationMethod())) {
            throw ApiProblem.conflict("Client " + clientId + " authenticates with "
                    + current.authenticationMethod() + " and has no secret");
        }
        Duration grace = (gracePeriod != null) ? gracePeriod : this.properties.secretGracePeriod();
        if (grace.isNegative() || grace.compareTo(MAX_GRACE) > 0) {
            throw ApiProblem.invalid("gracePeriod", "must lie between PT0S and " + MAX_GRACE);
        }
        String secret = ClientSecrets.generate();
        Instant now = this.clock.instant();
        ClientView stored = save(current,
                current.withRotatedSecret(this.hasher.hash(secret), now.plus(grace), now),
                AuditType.CLIENT_SECRET_ROTATED);
        return new ClientRequests.SecretRotated(clientId, secret, stored.previousSecretExpiresAt(),
                stored.version());
    }

    /** Revokes every token of the client issued until now; the feed carries it to the edge. */
    public ClientView revokeTokens(String clientId, String ifMatch) {
        Client current = find(clientId);
        ETags.check(ifMatch, current.version());
        return save(current, current.withRevokedBefore(this.clock.instant()), AuditType.CLIENT_TOKENS_REVOKED);
    }

    public void delete(String clientId, String ifMatch) {
        Client current = find(clientId);
        ETags.check(ifMatch, current.version());
        refuseOwnClient(clientId, "delete");
        this.lastAdmin.check(current, null);
        this.clients.delete(current);
        this.events.publishEvent(CHANGED);
        this.audit.record(AuditType.CLIENT_DELETED, AuditTarget.client(clientId), ClientView.of(current), null);
    }

    private ClientView save(Client current, Client changed, AuditType auditType) {
        Client stored = this.store.update(current, changed);
        ClientView view = ClientView.of(stored);
        this.events.publishEvent(CHANGED);
        this.audit.record(auditType, AuditTarget.client(current.clientId()), ClientView.of(current), view);
        return view;
    }

    private ClientKeys keysAfter(Client current, String method, ClientRequests.Update request,
            FieldErrors errors) {
        boolean keysGiven = request.jwks() != null || request.jwksUri() != null;
        if (!keysGiven && request.assertionSigningAlgorithm() == null) {
            return current.keys();
        }
        if (!keysGiven && ClientRules.PRIVATE_KEY_JWT.equals(method)) {
            // a new algorithm for the registered keys
            return new ClientKeys(current.keys().jwks(), current.keys().jwksUri(),
                    this.rules.assertionAlgorithm(request.assertionSigningAlgorithm(), errors));
        }
        // new keys replace the registered ones, inline or by URI
        return this.rules.keys(method, request.jwks(), request.jwksUri(), request.assertionSigningAlgorithm(),
                errors);
    }

    private AuditType updateType(Client current, Client changed) {
        boolean onlyEnabled = current.settings().equals(changed.settings().withEnabled(current.enabled()));
        if (onlyEnabled) {
            return changed.enabled() ? AuditType.CLIENT_ENABLED : AuditType.CLIENT_DISABLED;
        }
        return AuditType.CLIENT_UPDATED;
    }

    private Client withScopes(Client current, Set<ClientScope> scopes) {
        return current.withScopes(scopes, this.clock.instant());
    }

    /** An admin cannot lock itself out by disabling or deleting the client it is calling as. */
    private static void refuseOwnClient(String clientId, String action) {
        if (SecurityContextHolder.getContext().getAuthentication() instanceof JwtAuthenticationToken token
                && clientId.equals(token.getToken().getClaimAsString("client_id"))) {
            throw ApiProblem.conflict("An admin cannot " + action + " the client it is authenticated as ("
                    + clientId + ")");
        }
    }

    private Client find(String clientId) {
        return this.clients.findById(clientId).orElseThrow(() -> ApiProblem.notFound("No client " + clientId));
    }

    private static List<String> orEmpty(List<String> values) {
        return (values != null) ? values : List.of();
    }

    /** A readable, unguessable client_id: the name as a slug and 8 random hex digits. */
    private static String generateClientId(String name) {
        String slug = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
        slug = slug.isEmpty() ? "client" : slug.substring(0, Math.min(slug.length(), 60)).replaceAll("-+$", "");
        byte[] suffix = new byte[4];
        RANDOM.nextBytes(suffix);
        return slug + "-" + HexFormat.of().formatHex(suffix);
    }

}
