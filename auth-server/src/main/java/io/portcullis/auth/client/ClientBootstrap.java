package io.portcullis.auth.client;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import io.portcullis.auth.audit.AuditLog;
import io.portcullis.auth.audit.AuditTarget;
import io.portcullis.auth.audit.AuditType;
import io.portcullis.auth.scope.ApiResource;
import io.portcullis.auth.scope.ApiResourceRepository;
import io.portcullis.auth.scope.Scope;
import io.portcullis.auth.scope.ScopeRepository;
import io.portcullis.auth.system.TokenProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Creates the configured resources, scopes and clients on start; see {@link BootstrapProperties}. A configured
 * client's configuration (its secret, its scopes) is applied when it differs from what the last start applied
 * ({@code bootstrap_clients_applied}): the secret is reset to the configured one, lost scopes are granted again, a
 * missing client is created, each with its audit event (actor {@code system}). While the configuration stays the
 * same, what an admin changed through the API stands: a secret rotated after a leak of the configured one is not
 * reset by the next start, a scope taken away is not granted back, a deleted client is not created again. To
 * recover the admin client, configure a new secret.
 */
@Component
class ClientBootstrap implements ApplicationRunner {

    private static final int MIN_SECRET_LENGTH = 32;

    private static final Logger logger = LoggerFactory.getLogger(ClientBootstrap.class);

    private final BootstrapProperties bootstrap;

    private final TokenProperties tokens;

    private final ApiResourceRepository resources;

    private final ScopeRepository scopes;

    private final ClientRepository clients;

    private final ClientStore store;

    private final ClientSecretHasher hasher;

    private final TransactionTemplate transactions;

    private final JdbcTemplate jdbc;

    private final AuditLog audit;

    private final Clock clock;

    ClientBootstrap(BootstrapProperties bootstrap, TokenProperties tokens, ApiResourceRepository resources,
            ScopeRepository scopes, ClientRepository clients, ClientStore store, ClientSecretHasher hasher,
            TransactionTemplate transactions, JdbcTemplate jdbc, AuditLog audit, Clock clock) {
        this.bootstrap = bootstrap;
        this.tokens = tokens;
        this.resources = resources;
        this.scopes = scopes;
        this.clients = clients;
        this.store = store;
        this.hasher = hasher;
        this.transactions = transactions;
        this.jdbc = jdbc;
        this.audit = audit;
        this.clock = clock;
    }

    @Override
    public void run(ApplicationArguments args) {
        this.transactions.executeWithoutResult((status) -> {
            // instances starting together take turns
            this.jdbc.queryForObject("SELECT true FROM pg_advisory_xact_lock(7460239012)", Boolean.class);
            this.bootstrap.resources().forEach(this::ensureResource);
            this.bootstrap.clients().forEach(this::ensureClient);
        });
    }

    private void ensureResource(BootstrapProperties.Resource resource) {
        if (!this.resources.existsById(resource.uri())) {
            this.resources.findByName(resource.name())
                .ifPresentOrElse((stored) -> move(stored, resource), () -> {
                    this.resources.save(ApiResource.create(resource.uri(), resource.name(), resource.description(),
                            this.clock.instant()));
                    logger.info("Created resource {}", resource.uri());
                });
        }
        for (BootstrapProperties.ScopeEntry scope : resource.scopes()) {
            if (!this.scopes.existsById(scope.name())) {
                this.scopes.save(Scope.create(scope.name(), resource.uri(), scope.description(),
                        this.clock.instant()));
                logger.info("Created scope {} of {}", scope.name(), resource.uri());
            }
        }
    }

    /**
     * The configuration names a stored resource by a new URI: the issuer changed (the auth-server's own resource is
     * the issuer), or an operator changed a resource's audience. The configuration wins; the scopes follow (V5).
     */
    private void move(ApiResource stored, BootstrapProperties.Resource resource) {
        this.jdbc.update("UPDATE resources SET uri = ?, updated_at = ?, version = version + 1 WHERE uri = ?",
                resource.uri(), java.sql.Timestamp.from(this.clock.instant()), stored.uri());
        logger.warn("Moved resource {} from {} to {} as configured: tokens for its scopes carry the audience {} from "
                + "now on, so its consumers must expect it", resource.name(), stored.uri(), resource.uri(),
                resource.uri());
    }

    private void ensureClient(BootstrapProperties.BootstrapClient entry) {
        if (entry.secret() == null || entry.secret().isBlank()) {
            logger.warn("Client {} is not bootstrapped: no secret is configured for it", entry.clientId());
            return;
        }
        if (entry.secret().length() < MIN_SECRET_LENGTH) {
            throw new IllegalStateException("The configured secret of client " + entry.clientId() + " is shorter than "
                    + MIN_SECRET_LENGTH + " characters; generate one with: openssl rand -base64 32");
        }
        String hash = this.hasher.hash(entry.secret());
        String scopes = configuredScopes(entry);
        Map<String, Object> applied = this.jdbc
            .queryForList("SELECT secret_hash, scopes FROM bootstrap_clients_applied WHERE client_id = ?",
                    entry.clientId())
            .stream()
            .findFirst()
            .orElse(null);
        boolean secretChanged = applied == null || !hash.equals(applied.get("secret_hash"));
        boolean scopesChanged = applied == null || !scopes.equals(applied.get("scopes"));
        if (!secretChanged && !scopesChanged) {
            if (!this.clients.existsById(entry.clientId())) {
                logger.warn("Client {} is configured but was deleted through the admin API after its configuration "
                        + "was applied; it is created again when its configured secret or scopes change",
                        entry.clientId());
            }
            return;
        }
        Instant now = this.clock.instant();
        this.clients.findById(entry.clientId())
            .ifPresentOrElse((existing) -> reapply(existing, entry, hash, secretChanged, now),
                    () -> create(entry, hash));
        this.jdbc.update("""
                INSERT INTO bootstrap_clients_applied (client_id, secret_hash, scopes, applied_at)
                VALUES (?, ?, ?, ?)
                ON CONFLICT (client_id) DO UPDATE
                SET secret_hash = EXCLUDED.secret_hash, scopes = EXCLUDED.scopes, applied_at = EXCLUDED.applied_at""",
                entry.clientId(), hash, scopes, java.sql.Timestamp.from(now));
    }

    private void create(BootstrapProperties.BootstrapClient entry, String hash) {
        this.clients.save(newClient(entry, hash));
        this.audit.record(AuditType.CLIENT_CREATED, AuditTarget.client(entry.clientId()), null,
                ClientView.of(this.clients.findById(entry.clientId()).orElseThrow()));
        logger.info("Created client {} with scopes {}", entry.clientId(), entry.scopes());
    }

    /**
     * Applies a changed configuration to a client that exists: the configured secret when that changed and differs,
     * and every configured scope it lost (a new secret alone re-grants too: it is how an operator recovers a client).
     */
    private void reapply(Client existing, BootstrapProperties.BootstrapClient entry, String hash,
            boolean secretChanged, Instant now) {
        Client changed = existing;
        boolean reset = secretChanged && !this.hasher.matches(entry.secret(), existing.secret().hash());
        if (reset) {
            changed = changed.withRotatedSecret(hash, now, now);
            logger.info("Reset the secret of client {} to the configured one", entry.clientId());
        }
        Set<ClientScope> lost = granted(entry).stream()
            .filter((scope) -> !existing.allowedScopes().contains(scope.scopeName()))
            .collect(Collectors.toSet());
        if (!lost.isEmpty()) {
            Set<ClientScope> held = new HashSet<>(existing.scopes());
            held.addAll(lost);
            changed = changed.withScopes(held, now);
            logger.info("Granted client {} its configured scopes {} again", entry.clientId(),
                    lost.stream().map(ClientScope::scopeName).sorted().toList());
        }
        if (changed != existing) {
            Client stored = this.store.update(existing, changed);
            AuditType type = !reset ? AuditType.CLIENT_SCOPE_GRANTED
                    : lost.isEmpty() ? AuditType.CLIENT_SECRET_ROTATED : AuditType.CLIENT_UPDATED;
            this.audit.record(type, AuditTarget.client(entry.clientId()), ClientView.of(existing),
                    ClientView.of(stored));
        }
    }

    /** The configured scopes in one canonical text: sorted, a default one marked with {@code *}. */
    private static String configuredScopes(BootstrapProperties.BootstrapClient entry) {
        return granted(entry).stream()
            .map((scope) -> scope.scopeName() + (scope.isDefault() ? "*" : ""))
            .sorted()
            .collect(Collectors.joining(" "));
    }

    private static Set<ClientScope> granted(BootstrapProperties.BootstrapClient entry) {
        Set<String> defaults = Set.copyOf(entry.defaultScopes());
        return entry.scopes()
            .stream()
            .map((scope) -> new ClientScope(scope, defaults.contains(scope)))
            .collect(Collectors.toSet());
    }

    private Client newClient(BootstrapProperties.BootstrapClient entry, String hash) {
        Set<ClientScope> granted = granted(entry);
        Duration ttl = (entry.accessTokenTimeToLive() != null) ? entry.accessTokenTimeToLive()
                : this.tokens.defaultTimeToLive();
        return Client.create(entry.clientId(), entry.name(), "client_secret_basic", ClientSecret.of(hash),
                ClientKeys.NONE, ttl, granted, this.clock.instant());
    }

}
