package io.portcullis.auth.revocation;

import java.sql.Timestamp;
import java.time.Instant;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * Revoked access tokens by {@code jti}. A row lives until the token would have expired anyway; that keeps the
 * table as small as the number of revoked, still-valid tokens (DESIGN.md decision 5).
 */
@Repository
public class RevocationStore {

    private final JdbcTemplate jdbc;

    RevocationStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Records the revocation; revoking a revoked token again changes nothing. Returns whether it was new. */
    public boolean revoke(String jti, String clientId, Instant expiresAt) {
        return 1 == this.jdbc.update("INSERT INTO revoked_tokens (jti, client_id, expires_at) VALUES (?, ?, ?) "
                + "ON CONFLICT (jti) DO NOTHING", jti, clientId, Timestamp.from(expiresAt));
    }

    public boolean isRevoked(String jti) {
        Boolean revoked = this.jdbc.queryForObject("SELECT EXISTS (SELECT 1 FROM revoked_tokens WHERE jti = ?)",
                Boolean.class, jti);
        return Boolean.TRUE.equals(revoked);
    }

    /** Deletes rows of tokens that expired before {@code instant}; returns how many. */
    public int purgeExpiredBefore(Instant instant) {
        return this.jdbc.update("DELETE FROM revoked_tokens WHERE expires_at < ?", Timestamp.from(instant));
    }

}
