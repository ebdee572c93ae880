package io.portcullis.auth.client;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.portcullis.auth.system.DatabaseOutage;
import io.portcullis.lifecycle.DatabaseUnavailable;
import io.portcullis.auth.system.StoredDataChanged;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * The clients that Spring Authorization Server authenticates, read from PostgreSQL through an in-memory cache so
 * that the token endpoint's hot path touches no database (DESIGN.md decision 5). Every instance marks the cache
 * stale when any instance commits a change (a {@link StoredDataChanged} event); entries are also reloaded after 5
 * minutes as a safety net. A disabled or unknown client is answered as absent, which Spring Authorization Server
 * turns into {@code invalid_client}.
 * <p>
 * While PostgreSQL cannot be reached, a stale entry is still answered (and counted, {@link DatabaseOutage}) for
 * up to 15 minutes after it was loaded: no change to a client can be committed while the database is down, and a
 * client disabled through another instance is refused at the gateway and the services by the security feed. A
 * client that is not cached is refused at once for a second after a failure, like every other database read of
 * the caches, instead of each request waiting for a connection that will not come.
 */
public final class CachingRegisteredClientRepository implements RegisteredClientRepository {

    private static final Logger logger = LoggerFactory.getLogger(CachingRegisteredClientRepository.class);

    private static final Duration SAFETY_NET = Duration.ofMinutes(5);

    private static final Duration MAX_STALE = Duration.ofMinutes(15);

    private final ClientRepository clients;

    private final Cache<String, Entry> cache;

    private final AtomicLong generation = new AtomicLong();

    private final DatabaseOutage outage;

    public CachingRegisteredClientRepository(ClientRepository clients, int maxSize, DatabaseOutage outage) {
        this.clients = clients;
        this.cache = Caffeine.newBuilder().maximumSize(maxSize).expireAfterWrite(MAX_STALE).build();
        this.outage = outage;
    }

    @Override
    public RegisteredClient findByClientId(String clientId) {
        if (clientId == null || clientId.isEmpty() || clientId.length() > 100) {
            return null;
        }
        Entry cached = this.cache.getIfPresent(clientId);
        if (cached != null && fresh(cached)) {
            return cached.client();
        }
        if (this.outage.recentlyFailed()) {
            if (cached == null) {
                // not known here and the database just failed: refuse at once rather than hold a request thread
                // for the pool's connection timeout (a stream of made-up client ids would hold them all)
                throw new DataAccessResourceFailureException("PostgreSQL is unreachable and the client is not cached");
            }
            this.outage.servedStale("clients");
            return cached.client();
        }
        try {
            Entry loaded = load(clientId);
            if (loaded.generation() != this.generation.get()) {
                // loaded while a change was being announced: load again
                loaded = load(clientId);
            }
            this.cache.put(clientId, loaded);
            return loaded.client();
        }
        catch (RuntimeException ex) {
            if (!DatabaseUnavailable.isCause(ex)) {
                throw ex;
            }
            this.outage.failed();
            if (cached == null) {
                throw ex;
            }
            this.outage.servedStale("clients");
            logger.warn("Database unreachable; client {} answered from the cache ({})", clientId, ex.getMessage());
            return cached.client();
        }
    }

    @Override
    public RegisteredClient findById(String id) {
        return findByClientId(id);
    }

    /** Clients are written through the admin API and the bootstrap, never by Spring Authorization Server. */
    @Override
    public void save(RegisteredClient registeredClient) {
        throw new UnsupportedOperationException("Clients are managed through the Portcullis admin API");
    }

    /**
     * Marks every cached client stale; called when any instance commits a change (or the notifications were lost).
     * A stale entry is reloaded at its next use and answered only when the database cannot be reached.
     */
    public void invalidateAll() {
        this.generation.incrementAndGet();
    }

    @TransactionalEventListener(fallbackExecution = true)
    void onChange(StoredDataChanged change) {
        if (change.touchesClientsOrScopes()) {
            invalidateAll();
        }
    }

    private boolean fresh(Entry entry) {
        return entry.generation() == this.generation.get()
                && System.nanoTime() - entry.loadedAt() < SAFETY_NET.toNanos();
    }

    private Entry load(String clientId) {
        long startedAt = this.generation.get();
        RegisteredClient client = this.clients.findById(clientId)
            .filter(Client::enabled)
            .map(RegisteredClients::from)
            .orElse(null);
        return new Entry(startedAt, System.nanoTime(), client);
    }

    private record Entry(long generation, long loadedAt, RegisteredClient client) {
    }

}
