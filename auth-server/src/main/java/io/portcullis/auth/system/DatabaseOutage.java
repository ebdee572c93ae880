package io.portcullis.auth.system;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.stereotype.Component;

/**
 * Lets the token endpoint's in-memory caches (clients, scopes) keep answering from what they hold while PostgreSQL
 * cannot be reached (the failures that mean it are told apart by {@code io.portcullis.lifecycle.DatabaseUnavailable},
 * the platform's one rule), and counts every answer given from a stale cache in
 * {@code portcullis.auth.cache.stale{cache}} so that operators see it. After a failure the database is not asked
 * again for a second by any cache, so that requests do not each wait for a connection that will not come.
 */
@Component
public final class DatabaseOutage {

    private static final long RETRY_NANOS = 1_000_000_000L;

    private final MeterRegistry registry;

    private volatile long retryAt = System.nanoTime();

    public DatabaseOutage(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Whether a recent failure says not to try the database yet. */
    public boolean recentlyFailed() {
        return System.nanoTime() - this.retryAt < 0;
    }

    public void failed() {
        this.retryAt = System.nanoTime() + RETRY_NANOS;
    }

    /** Counts one answer from a stale cache ({@code clients}, {@code scopes}). */
    public void servedStale(String cache) {
        Counter.builder("portcullis.auth.cache.stale")
            .description("Answers given from a cache that could not be refreshed because the database is unreachable")
            .tag("cache", cache)
            .register(this.registry)
            .increment();
    }

}
