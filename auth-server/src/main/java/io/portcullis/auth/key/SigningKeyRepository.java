package io.portcullis.auth.key;

import java.time.Instant;
import java.util.List;

import org.springframework.data.jdbc.repository.query.Modifying;
import org.springframework.data.jdbc.repository.query.Query;
import org.springframework.data.repository.ListCrudRepository;

public interface SigningKeyRepository extends ListCrudRepository<SigningKey, String> {

    @Query("SELECT * FROM signing_keys WHERE unpublish_at IS NULL OR unpublish_at > :instant ORDER BY activates_at")
    List<SigningKey> findPublishedAfter(Instant instant);

    @Modifying
    @Query("DELETE FROM signing_keys WHERE unpublish_at < :instant")
    int deleteUnpublishedBefore(Instant instant);

    /** Serialises rotation across instances for the rest of the transaction. */
    @Query("SELECT pg_try_advisory_xact_lock(7460239011)")
    boolean tryRotationLock();

    /** Waits for the rotation lock, held for the rest of the transaction. */
    @Query("SELECT true FROM pg_advisory_xact_lock(7460239011)")
    boolean rotationLock();

}
