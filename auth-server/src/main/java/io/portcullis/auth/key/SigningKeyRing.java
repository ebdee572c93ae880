package io.portcullis.auth.key;

import java.text.ParseException;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import io.portcullis.auth.system.StoredDataChanged;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.transaction.event.TransactionalEventListener;

/**
 * The signing keys of this instance, loaded from PostgreSQL and held in memory. It is the {@link JWKSource} of both
 * the JWT encoder (which picks the active key by the {@code kid} the token customizer sets) and the JWKS endpoint
 * (which publishes the public part of every published key, including the next one before it signs).
 * Which key signs is decided from the stored activation times at each call, so every instance switches keys at the
 * same moment without coordination.
 */
public final class SigningKeyRing implements JWKSource<SecurityContext> {

    private static final Logger logger = LoggerFactory.getLogger(SigningKeyRing.class);

    private final SigningKeyRepository repository;

    private final KeyEncryption encryption;

    private final Clock clock;

    private final Map<String, JWK> decrypted = new ConcurrentHashMap<>();

    private volatile List<LoadedKey> keys = List.of();

    SigningKeyRing(SigningKeyRepository repository, KeyEncryption encryption, Clock clock) {
        this.repository = repository;
        this.encryption = encryption;
        this.clock = clock;
    }

    /** Reads the keys again when any instance changed them, instead of at the next maintenance tick. */
    @TransactionalEventListener(fallbackExecution = true)
    void onChange(StoredDataChanged change) {
        if (!change.touches(StoredDataChanged.Kind.SIGNING_KEYS)) {
            return;
        }
        try {
            reload();
        }
        catch (RuntimeException ex) {
            // the key maintenance tick reloads them again
            logger.warn("Could not reload the signing keys: {}", ex.getMessage());
        }
    }

    /** Reads the published keys again; called on start and on every maintenance tick. */
    public void reload() {
        List<LoadedKey> loaded = this.repository.findPublishedAfter(this.clock.instant())
            .stream()
            .map((key) -> new LoadedKey(key, this.decrypted.computeIfAbsent(key.kid(), (kid) -> decrypt(key))))
            .sorted(Comparator.comparing((LoadedKey key) -> key.stored().activatesAt()))
            .toList();
        this.keys = loaded;
        this.decrypted.keySet().retainAll(loaded.stream().map((key) -> key.stored().kid()).toList());
    }

    /** The key that signs now: the most recently activated one that has not been deactivated. */
    public JWK signingKey() {
        Instant now = this.clock.instant();
        List<LoadedKey> current = this.keys;
        for (int i = current.size() - 1; i >= 0; i--) {
            if (current.get(i).stored().isSigningAt(now)) {
                return current.get(i).jwk();
            }
        }
        throw new IllegalStateException("No active signing key: key maintenance has not run or the database "
                + "holds no key that is active now");
    }

    /** The stored keys that are published now, oldest activation first. */
    public List<SigningKey> published() {
        Instant now = this.clock.instant();
        return this.keys.stream().map(LoadedKey::stored).filter((key) -> key.isPublishedAt(now)).toList();
    }

    @Override
    public List<JWK> get(JWKSelector selector, SecurityContext context) {
        Instant now = this.clock.instant();
        List<JWK> published = this.keys.stream()
            .filter((key) -> key.stored().isPublishedAt(now))
            .map(LoadedKey::jwk)
            .toList();
        return selector.select(new JWKSet(published));
    }

    private JWK decrypt(SigningKey key) {
        if (!this.encryption.kekId().equals(key.kekId())) {
            throw new IllegalStateException("Signing key " + key.kid() + " is encrypted under key-encryption key "
                    + key.kekId() + " but portcullis.keys.encryption-key is " + this.encryption.kekId());
        }
        try {
            return JWK.parse(this.encryption.decrypt(key.kid(), key.privateKeyCiphertext()));
        }
        catch (ParseException ex) {
            throw new IllegalStateException("Signing key " + key.kid() + " does not hold a JWK", ex);
        }
    }

    private record LoadedKey(SigningKey stored, JWK jwk) {
    }

}
