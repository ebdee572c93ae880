package io.portcullis.auth.client;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Collectors;

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
 * client that exists already gets back any configured scope it lost, so that a restart always recovers the admin
 * client and the feed client of the environment.
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

    private final Clock clock;

    ClientBootstrap(BootstrapProperties bootstrap, TokenProperties tokens, ApiResourceRepository resources,
            ScopeRepository scopes, ClientRepository clients, ClientStore store, ClientSecretHasher hasher,
            TransactionTemplate transactions, JdbcTemplate jdbc, Clock clock) {
        this.bootstrap = bootstrap;
        this.tokens = tokens;
        this.resources = resources;
        this.scopes = scopes;
        this.clients = clients;
        this.store = store;
        this.hasher = hasher;
        this.transactions = transactions;
        this.jdbc = jdbc;
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
        Instant now = this.clock.instant();
        this.clients.findById(entry.clientId()).ifPresentOrElse((existing) -> {
            Client changed = existing;
            if (!this.hasher.matches(entry.secret(), existing.secret().hash())) {
                changed = changed.withRotatedSecret(hash, now, now);
                logger.info("Reset the secret of client {} to the configured one", entry.clientId());
            }
            Set<ClientScope> lost = granted(entry).stream()
                .filter((scope) -> !existing.allowedScopes().contains(scope.scopeName()))
                .collect(Collectors.toSet());
            if (!lost.isEmpty()) {
                Set<ClientScope> scopes = new HashSet<>(existing.scopes());
                scopes.addAll(lost);
                changed = changed.withScopes(scopes, now);
                logger.info("Granted client {} its configured scopes {} again", entry.clientId(),
                        lost.stream().map(ClientScope::scopeName).sorted().toList());
            }
            if (changed != existing) {
                this.store.update(existing, changed);
            }
        }, () -> {
            this.clients.save(newClient(entry, hash));
            logger.info("Created client {} with scopes {}", entry.clientId(), entry.scopes());
        });
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
