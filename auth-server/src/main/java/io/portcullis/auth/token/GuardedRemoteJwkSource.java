package io.portcullis.auth.token;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import io.portcullis.auth.client.JwksUriProperties;
import io.portcullis.auth.system.LogSanitizer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client's keys from its {@code jwksUri}. An assertion naming an unknown {@code kid} is what anyone can send
 * without credentials, so a fetch happens at most once per {@code minRefetchInterval} for this client, failed or
 * not (the failure is cached: until then the old keys, or none, are used), only one request waits for it, and only
 * while a slot of the server-wide fetch limit is free: every other request answers at once with the keys at hand.
 */
final class GuardedRemoteJwkSource implements JWKSource<SecurityContext> {

    private static final Logger logger = LoggerFactory.getLogger(GuardedRemoteJwkSource.class);

    private final String clientId;

    private final String uri;

    private final RemoteJwkSets remote;

    private final Semaphore fetchSlots;

    private final JwksUriProperties settings;

    private final Clock clock;

    private final AtomicBoolean fetching = new AtomicBoolean();

    private volatile JWKSet keys;

    private volatile Instant fetchedAt = Instant.MIN;

    private volatile Instant lastAttempt = Instant.MIN;

    GuardedRemoteJwkSource(String clientId, String uri, RemoteJwkSets remote, Semaphore fetchSlots,
            JwksUriProperties settings, Clock clock) {
        this.clientId = clientId;
        this.uri = uri;
        this.remote = remote;
        this.fetchSlots = fetchSlots;
        this.settings = settings;
        this.clock = clock;
    }

    @Override
    public List<JWK> get(JWKSelector selector, SecurityContext context) {
        JWKSet current = this.keys;
        Instant now = this.clock.instant();
        boolean fresh = current != null && now.isBefore(this.fetchedAt.plus(this.settings.cacheTime()));
        if (fresh) {
            List<JWK> matches = selector.select(current);
            if (!matches.isEmpty()) {
                return matches;
            }
        }
        if (now.isAfter(this.lastAttempt.plus(this.settings.minRefetchInterval())) && tryFetch(now)) {
            current = this.keys;
        }
        return (current != null) ? selector.select(current) : List.of();
    }

    private boolean tryFetch(Instant now) {
        if (!this.fetching.compareAndSet(false, true)) {
            return false;
        }
        try {
            if (!this.fetchSlots.tryAcquire()) {
                return false;
            }
            try {
                this.lastAttempt = now;
                this.keys = this.remote.fetch(this.uri);
                this.fetchedAt = now;
                return true;
            }
            catch (IOException | RuntimeException ex) {
                logger.info("Cannot fetch the JWK Set of client {} from {}: {}", this.clientId,
                        LogSanitizer.sanitize(this.uri), LogSanitizer.sanitize(ex.getMessage()));
                return false;
            }
            finally {
                this.fetchSlots.release();
            }
        }
        finally {
            this.fetching.set(false);
        }
    }

}
