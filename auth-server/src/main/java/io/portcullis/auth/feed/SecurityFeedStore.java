package io.portcullis.auth.feed;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.portcullis.auth.system.TokenProperties;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Isolation;
import org.springframework.transaction.annotation.Transactional;

/** Reads the change feed that triggers write into {@code security_events} (V2, V3 and V4 migrations). */
@Repository
class SecurityFeedStore {

    private final JdbcTemplate jdbc;

    /** How long a token issued before a deletion may still be presented: the longest lifetime, plus clock skew. */
    private final Duration earlierLifeHorizon;

    SecurityFeedStore(JdbcTemplate jdbc, TokenProperties tokens) {
        this.jdbc = jdbc;
        this.earlierLifeHorizon = tokens.maxTimeToLive().plusMinutes(1);
    }

    List<SecurityEvent> after(long id, int limit) {
        return this.jdbc.query("SELECT * FROM security_events WHERE id > ? ORDER BY id LIMIT ?", this::event, id,
                limit);
    }

    /** One consistent picture of the deny state and the event it is current as of. */
    @Transactional(readOnly = true, isolation = Isolation.REPEATABLE_READ)
    SecurityFeedSnapshot snapshot() {
        Long last = this.jdbc.queryForObject("SELECT coalesce(max(id), 0) FROM security_events", Long.class);
        List<SecurityFeedSnapshot.RevokedToken> revoked = this.jdbc.query(
                "SELECT jti, client_id, expires_at FROM revoked_tokens WHERE expires_at > now() - interval '1 minute'",
                (row, n) -> new SecurityFeedSnapshot.RevokedToken(row.getString("jti"), row.getString("client_id"),
                        row.getTimestamp("expires_at").toInstant()));
        List<String> disabled = this.jdbc.queryForList("SELECT client_id FROM clients WHERE NOT enabled",
                String.class);
        Map<String, Instant> revokedBefore = new LinkedHashMap<>();
        this.jdbc.query("SELECT client_id, revoked_before FROM clients WHERE revoked_before IS NOT NULL",
                (ResultSet row) -> {
                    revokedBefore.put(row.getString("client_id"), row.getTimestamp("revoked_before").toInstant());
                });
        Map<String, List<String>> scopes = new LinkedHashMap<>();
        this.jdbc.query("SELECT c.client_id, s.scope_name FROM clients c "
                + "LEFT JOIN client_scopes s ON s.client_id = c.client_id ORDER BY c.client_id, s.scope_name",
                (ResultSet row) -> {
                    List<String> held = scopes.computeIfAbsent(row.getString("client_id"), (id) -> new ArrayList<>());
                    if (row.getString("scope_name") != null) {
                        held.add(row.getString("scope_name"));
                    }
                });
        List<String> retiredKeys = this.jdbc.queryForList(
                "SELECT kid FROM signing_keys WHERE retired_at IS NOT NULL ORDER BY kid", String.class);
        long horizon = this.earlierLifeHorizon.toSeconds();
        List<String> deleted = this.jdbc.queryForList("SELECT DISTINCT e.client_id FROM security_events e "
                + "WHERE e.type = 'CLIENT_DELETED' AND e.effective_at > now() - make_interval(secs => ?) "
                + "AND NOT EXISTS (SELECT 1 FROM clients c WHERE c.client_id = e.client_id) ORDER BY e.client_id",
                String.class, horizon);
        Map<String, Instant> createdAt = new LinkedHashMap<>();
        this.jdbc.query("SELECT client_id, created_at FROM clients WHERE created_at > now() - make_interval(secs => ?) "
                + "ORDER BY client_id", (ResultSet row) -> {
                    createdAt.put(row.getString("client_id"), row.getTimestamp("created_at").toInstant());
                }, horizon);
        return new SecurityFeedSnapshot((last != null) ? last : 0, revoked, disabled, revokedBefore, scopes,
                retiredKeys, deleted, createdAt);
    }

    private SecurityEvent event(ResultSet row, int n) throws SQLException {
        return new SecurityEvent(row.getLong("id"), row.getString("type"), row.getString("client_id"),
                row.getString("jti"), row.getString("scope_name"), row.getString("kid"), instant(row.getTimestamp("effective_at")),
                instant(row.getTimestamp("expires_at")));
    }

    private static Instant instant(Timestamp timestamp) {
        return (timestamp != null) ? timestamp.toInstant() : null;
    }

}
