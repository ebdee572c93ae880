package io.portcullis.auth.client;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;

/**
 * The clients that Spring Authorization Server authenticates, read from PostgreSQL through an in-memory cache so
 * that the token endpoint's hot path touches no database (DESIGN.md decision 5). Every instance drops the cache
 * when any instance commits a change ({@link ClientChangeListener}); entries also expire as a safety net.
 * A disabled or unknown client is answered as absent, which Spring Authorization Server turns into
 * {@code invalid_client}.
 */
public final class CachingRegisteredClientRepository implements RegisteredClientRepository {

    private static final Duration SAFETY_NET = Duration.ofMinutes(5);

    private final ClientRepository clients;

    private final Cache<String, Entry> cache;

    private final AtomicLong generation = new AtomicLong();

    public CachingRegisteredClientRepository(ClientRepository clients, int maxSize) {
        this.clients = clients;
        this.cache = Caffeine.newBuilder().maximumSize(maxSize).expireAfterWrite(SAFETY_NET).build();
    }

    @Override
    public RegisteredClient findByClientId(String clientId) {
        if (clientId == null || clientId.isEmpty() || clientId.length() > 100) {
            return null;
        }
        Entry entry = this.cache.get(clientId, this::load);
        if (entry.generation() != this.generation.get()) {
            // loaded while a change was being announced: load again
            this.cache.invalidate(clientId);
            entry = this.cache.get(clientId, this::load);
        }
        return entry.client();
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

    /** Drops every cached client; called when any instance commits a change. */
    public void invalidateAll() {
        this.generation.incrementAndGet();
        this.cache.invalidateAll();
    }

    private Entry load(String clientId) {
        long startedAt = this.generation.get();
        RegisteredClient client = this.clients.findById(clientId)
            .filter(Client::enabled)
            .map(RegisteredClients::from)
            .orElse(null);
        return new Entry(startedAt, client);
    }

    private record Entry(long generation, RegisteredClient client) {
    }

}
