package io.portcullis.auth.scope;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

import org.springframework.stereotype.Component;

/**
 * Which resource each scope belongs to, read on the token endpoint's hot path. Held in memory and reloaded when
 * any instance commits a change to scopes or resources ({@code ClientChangeListener} calls {@link #invalidate()}).
 */
@Component
public final class ScopeCatalog {

    private final ScopeRepository scopes;

    private final AtomicLong generation = new AtomicLong();

    private volatile Snapshot snapshot;

    ScopeCatalog(ScopeRepository scopes) {
        this.scopes = scopes;
    }

    /** The resource URI that {@code scope} belongs to, if the scope exists. */
    public Optional<String> resourceOf(String scope) {
        return Optional.ofNullable(resourceByScope().get(scope));
    }

    /** Forgets the snapshot; the next read loads a fresh one. */
    public void invalidate() {
        this.generation.incrementAndGet();
    }

    private Map<String, String> resourceByScope() {
        Snapshot current = this.snapshot;
        long wanted = this.generation.get();
        if (current == null || current.generation() != wanted) {
            // a load racing with invalidate() stores the generation it started from, so it is reloaded next time
            Map<String, String> loaded = this.scopes.findAll().stream()
                .collect(Collectors.toUnmodifiableMap(Scope::name, Scope::resourceUri));
            current = new Snapshot(wanted, loaded);
            this.snapshot = current;
        }
        return current.resourceByScope();
    }

    private record Snapshot(long generation, Map<String, String> resourceByScope) {
    }

}
