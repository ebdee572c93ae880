package io.portcullis.auth.scope;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

import io.portcullis.auth.system.DatabaseOutage;
import io.portcullis.lifecycle.DatabaseUnavailable;
import io.portcullis.auth.system.StoredDataChanged;

import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Which resource each scope belongs to, read on the token endpoint's hot path. Held in memory and reloaded when
 * any instance commits a change to clients, scopes or resources (a {@link StoredDataChanged} event).
 */
@Component
public final class ScopeCatalog {

    private final ScopeRepository scopes;

    private final AtomicLong generation = new AtomicLong();

    private volatile Snapshot snapshot;

    private final DatabaseOutage outage;

    ScopeCatalog(ScopeRepository scopes, DatabaseOutage outage) {
        this.scopes = scopes;
        this.outage = outage;
    }

    /** The resource URI that {@code scope} belongs to, if the scope exists. */
    public Optional<String> resourceOf(String scope) {
        return Optional.ofNullable(resourceByScope().get(scope));
    }

    /** Forgets the snapshot; the next read loads a fresh one. */
    public void invalidate() {
        this.generation.incrementAndGet();
    }

    @TransactionalEventListener(fallbackExecution = true)
    void onChange(StoredDataChanged change) {
        if (change.touchesClientsOrScopes()) {
            invalidate();
        }
    }

    private Map<String, String> resourceByScope() {
        Snapshot current = this.snapshot;
        long wanted = this.generation.get();
        if (current == null || current.generation() != wanted) {
            if (current != null && this.outage.recentlyFailed()) {
                this.outage.servedStale("scopes");
                return current.resourceByScope();
            }
            try {
                // a load racing with invalidate() stores the generation it started from, so it is reloaded next time
                Map<String, String> loaded = this.scopes.findAll().stream()
                    .collect(Collectors.toUnmodifiableMap(Scope::name, Scope::resourceUri));
                current = new Snapshot(wanted, loaded);
                this.snapshot = current;
            }
            catch (RuntimeException ex) {
                // scopes cannot change while the database is down: the last snapshot is still right
                if (current == null || !DatabaseUnavailable.isCause(ex)) {
                    throw ex;
                }
                this.outage.failed();
                this.outage.servedStale("scopes");
            }
        }
        return current.resourceByScope();
    }

    private record Snapshot(long generation, Map<String, String> resourceByScope) {
    }

}
