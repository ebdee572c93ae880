package io.portcullis.auth.key;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

import com.nimbusds.jose.jwk.JWK;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.transaction.support.TransactionTemplate;

/**
 * Creates and retires signing keys. A new key is published {@code publishAhead} before it signs, so every verifier
 * that follows the JWKS cache lifetime knows it in time; the key it replaces stops signing at that moment and stays
 * published until every token it signed has expired (longest token lifetime plus clock skew). Instances serialise
 * on a PostgreSQL advisory lock, so two instances never rotate at once.
 */
public final class KeyRotation {

    static final Duration CLOCK_SKEW = Duration.ofMinutes(1);

    private static final Duration KEEP_EXPIRED = Duration.ofDays(1);

    private static final Logger logger = LoggerFactory.getLogger(KeyRotation.class);

    private final SigningKeyRepository repository;

    private final KeyEncryption encryption;

    private final KeyProperties properties;

    private final Duration longestTokenLifetime;

    private final Clock clock;

    private final TransactionTemplate transactions;

    KeyRotation(SigningKeyRepository repository, KeyEncryption encryption, KeyProperties properties,
            Duration longestTokenLifetime, Clock clock, TransactionTemplate transactions) {
        this.repository = repository;
        this.encryption = encryption;
        this.properties = properties;
        this.longestTokenLifetime = longestTokenLifetime;
        this.clock = clock;
        this.transactions = transactions;
    }

    /**
     * Creates the first key if there is none, schedules the next key when the active one is due (its age or a
     * changed algorithm), and deletes keys unpublished long ago. Does nothing if another instance is at it.
     */
    public void rotateIfDue() {
        this.transactions.executeWithoutResult((status) -> {
            if (!this.repository.tryRotationLock()) {
                return;
            }
            Instant now = now();
            List<SigningKey> keys = this.repository.findPublishedAfter(now);
            Optional<SigningKey> pending = keys.stream().filter((key) -> key.isPendingAt(now)).findFirst();
            Optional<SigningKey> active = keys.stream().filter((key) -> key.isSigningAt(now)).reduce((a, b) -> b);
            if (active.isEmpty() && pending.isEmpty()) {
                // nobody can have cached a JWKS without keys: the first key may sign at once
                SigningKey first = create(now, now);
                logger.info("Created the first signing key {} ({})", first.kid(), first.algorithm());
            }
            else if (active.isPresent() && pending.isEmpty() && isDue(active.get(), now)) {
                scheduleSuccessor(active.get(), now);
            }
            this.repository.deleteUnpublishedBefore(now.minus(KEEP_EXPIRED));
        });
    }

    /** Schedules a successor of the active key now, whatever its age; returns the next key. */
    public SigningKey rotateNow() {
        return this.transactions.execute((status) -> {
            this.repository.rotationLock();
            Instant now = now();
            List<SigningKey> keys = this.repository.findPublishedAfter(now);
            Optional<SigningKey> pending = keys.stream().filter((key) -> key.isPendingAt(now)).findFirst();
            if (pending.isPresent()) {
                return pending.get();
            }
            return keys.stream()
                .filter((key) -> key.isSigningAt(now))
                .reduce((a, b) -> b)
                .map((active) -> scheduleSuccessor(active, now))
                .orElseGet(() -> create(now, now));
        });
    }

    /**
     * Withdraws a key at once (suspected compromise): it stops signing and leaves the JWKS now, and the security
     * feed tells the edge to refuse the tokens it signed. If it was signing, the scheduled next key takes over now,
     * or a new key if none was scheduled (verifiers fetch it on its unknown kid). If it was the scheduled next key,
     * the active key keeps signing until the next rotation. Withdrawing a withdrawn key changes nothing.
     */
    public Optional<SigningKey> withdraw(String kid) {
        return this.transactions.execute((status) -> {
            this.repository.rotationLock();
            Instant now = now();
            Optional<SigningKey> found = this.repository.findById(kid);
            if (found.isEmpty() || found.get().retiredAt() != null) {
                return found;
            }
            SigningKey key = found.get();
            List<SigningKey> others = this.repository.findPublishedAfter(now)
                .stream()
                .filter((other) -> !other.kid().equals(kid))
                .toList();
            SigningKey withdrawn = this.repository.save(key.withdrawnAt(now));
            if (key.isSigningAt(now)) {
                others.stream()
                    .filter((other) -> other.isPendingAt(now))
                    .findFirst()
                    .ifPresentOrElse((next) -> this.repository.save(next.activatingAt(now)), () -> create(now, now));
            }
            else if (key.isPendingAt(now)) {
                others.stream()
                    .filter((other) -> other.isSigningAt(now))
                    .reduce((a, b) -> b)
                    .ifPresent((active) -> this.repository.save(active.retiring(null, null)));
            }
            logger.warn("Signing key {} withdrawn; tokens it signed are refused from now on", kid);
            return Optional.of(withdrawn);
        });
    }

    private boolean isDue(SigningKey active, Instant now) {
        boolean old = !active.activatesAt()
            .plus(this.properties.rotationPeriod())
            .minus(this.properties.publishAhead())
            .isAfter(now);
        return old || !this.properties.algorithm().name().equals(active.algorithm());
    }

    private SigningKey scheduleSuccessor(SigningKey active, Instant now) {
        Instant takeover = now.plus(this.properties.publishAhead());
        SigningKey next = create(now, takeover);
        this.repository.save(active.retiring(takeover, takeover.plus(this.longestTokenLifetime).plus(CLOCK_SKEW)));
        logger.info("Scheduled signing key {} ({}) to replace {} at {}", next.kid(), next.algorithm(), active.kid(),
                takeover);
        return next;
    }

    private SigningKey create(Instant now, Instant activatesAt) {
        JWK jwk = KeyPairs.generate(this.properties.algorithm());
        SigningKey key = new SigningKey(jwk.getKeyID(), this.properties.algorithm().name(),
                jwk.toPublicJWK().toJSONString(), this.encryption.encrypt(jwk.getKeyID(), jwk.toJSONString()),
                this.encryption.kekId(), now, activatesAt, null, null, null, null);
        return this.repository.save(key);
    }

    private Instant now() {
        return this.clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

}
