package io.portcullis.auth.client;

import java.time.Instant;

import org.springframework.data.relational.core.mapping.Column;

/**
 * A client's secret as stored: only hashes, the current one and, during a rotation's grace period, the one it
 * replaced. All {@code null} for a client that authenticates with keys.
 *
 * @param hash the hash of the current secret
 * @param previousHash the hash of the secret it replaced, still accepted until {@code previousExpiresAt}
 * @param previousExpiresAt the end of the grace period
 */
public record ClientSecret(@Column("secret_hash") String hash, @Column("previous_secret_hash") String previousHash,
        @Column("previous_secret_expires_at") Instant previousExpiresAt) {

    public static final ClientSecret NONE = new ClientSecret(null, null, null);

    public static ClientSecret of(String hash) {
        return new ClientSecret(hash, null, null);
    }

    /** {@code newHash} replaces this secret; the current one stays valid until {@code graceEnds} if after {@code now}. */
    public ClientSecret rotate(String newHash, Instant graceEnds, Instant now) {
        boolean grace = graceEnds.isAfter(now);
        return new ClientSecret(newHash, grace ? this.hash : null, grace ? graceEnds : null);
    }

}
