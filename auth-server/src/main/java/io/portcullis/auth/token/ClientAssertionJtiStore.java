package io.portcullis.auth.token;

import java.sql.Timestamp;
import java.time.Instant;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The {@code jti}s of accepted client assertions, in PostgreSQL so that every auth-server instance refuses an
 * assertion that any of them accepted before: the insert either creates the row or finds it, atomically.
 */
final class ClientAssertionJtiStore {

    private final JdbcTemplate jdbc;

    ClientAssertionJtiStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Records the first use of {@code jti} by {@code clientId}; {@code false} if it was used before. */
    boolean firstUse(String clientId, String jti, Instant keepUntil) {
        return this.jdbc.update("INSERT INTO client_assertion_jtis (client_id, jti, expires_at) VALUES (?, ?, ?) "
                + "ON CONFLICT (client_id, jti) DO NOTHING", clientId, jti, Timestamp.from(keepUntil)) == 1;
    }

    /** Deletes the identifiers of assertions that can no longer be accepted anyway. */
    int purgeExpiredBefore(Instant instant) {
        return this.jdbc.update("DELETE FROM client_assertion_jtis WHERE expires_at < ?", Timestamp.from(instant));
    }

}
