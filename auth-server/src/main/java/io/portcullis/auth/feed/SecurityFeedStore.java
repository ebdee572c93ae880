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

    /**
     * The events after {@code id}, {@code size} of them and then the rest of the last one's transaction, so that a
     * consumer never sees part of a change: up to {@code largest} events in all. A transaction that does not fit is
     * left out, and when the page would be only that transaction the consumer is told to take a snapshot instead
     * (which holds every committed change whole, however many events it wrote).
     */
    EventsAfter after(long id, int size, int largest) {
        List<Row> page = this.jdbc.query("SELECT * FROM security_events WHERE id > ? ORDER BY id LIMIT ?", this::row,
                id, size);
        Row last = page.isEmpty() ? null : page.get(page.size() - 1);
        if (page.size() < size || last.tx() == null) {
            // every committed event after id (a transaction commits whole), or events written before V6
            return EventsAfter.of(page);
        }
        List<Row> rest = this.jdbc.query("WITH later AS (SELECT min(id) AS id FROM security_events "
                + "WHERE id > ? AND tx IS DISTINCT FROM ?) SELECT e.* FROM security_events e, later "
                + "WHERE e.id > ? AND (later.id IS NULL OR e.id < later.id) ORDER BY e.id LIMIT ?", this::row,
                last.id(), last.tx(), last.id(), largest - size + 1);
        if (rest.size() <= largest - size) {
            List<Row> whole = new ArrayList<>(page);
            whole.addAll(rest);
            return EventsAfter.of(whole);
        }
        List<Row> before = page.stream().filter((row) -> !last.tx().equals(row.tx())).toList();
        return before.isEmpty() ? EventsAfter.SNAPSHOT_NEEDED : EventsAfter.of(before);
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

    private Row row(ResultSet row, int n) throws SQLException {
        SecurityEvent event = new SecurityEvent(row.getLong("id"), row.getString("type"), row.getString("client_id"),
                row.getString("jti"), row.getString("scope_name"), row.getString("kid"),
                instant(row.getTimestamp("effective_at")), instant(row.getTimestamp("expires_at")));
        return new Row(event, row.getObject("tx", Long.class));
    }

    private static Instant instant(Timestamp timestamp) {
        return (timestamp != null) ? timestamp.toInstant() : null;
    }

    /** An event and the transaction that wrote it ({@code null} before the V6 migration). */
    private record Row(SecurityEvent event, Long tx) {

        long id() {
            return this.event.id();
        }

    }

    /**
     * What the feed answers after an event: whole changes, or none and {@code snapshotNeeded} when the next change
     * wrote more events than an answer holds.
     */
    record EventsAfter(List<SecurityEvent> events, boolean snapshotNeeded) {

        static final EventsAfter SNAPSHOT_NEEDED = new EventsAfter(List.of(), true);

        private static EventsAfter of(List<Row> rows) {
            return new EventsAfter(rows.stream().map(Row::event).toList(), false);
        }

    }

}
