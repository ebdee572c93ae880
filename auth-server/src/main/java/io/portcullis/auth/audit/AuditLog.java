package io.portcullis.auth.audit;

import java.sql.Timestamp;
import java.time.Clock;

import org.slf4j.MDC;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Records an admin change in the transaction that makes it: the acting client (from the admin's access token),
 * the event type, its target, the client it concerns, and the state before and after as the admin API shows it
 * (views never carry a secret). A change that rolls back leaves no row.
 */
@Component
public class AuditLog {

    private final JdbcTemplate jdbc;

    private final JsonMapper json;

    private final Clock clock;

    AuditLog(JdbcTemplate jdbc, JsonMapper json, Clock clock) {
        this.jdbc = jdbc;
        this.json = json;
        this.clock = clock;
    }

    /**
     * @param type what happened, e.g. {@code CLIENT_CREATED}
     * @param target what it happened to
     * @param before its state before ({@code null} when created)
     * @param after its state after ({@code null} when deleted)
     */
    public void record(AuditType type, AuditTarget target, Object before, Object after) {
        if (!TransactionSynchronizationManager.isActualTransactionActive()) {
            throw new IllegalStateException("An audit event must be written in the transaction of its change");
        }
        this.jdbc.update("""
                INSERT INTO audit_events (occurred_at, actor, type, target_type, target_id, client_id,
                                          before_state, after_state, trace_id)
                VALUES (?, ?, ?, ?, ?, ?, ?::jsonb, ?::jsonb, ?)""", Timestamp.from(this.clock.instant()), actor(),
                type.name(), target.type(), target.id(), target.clientId(), toJson(before), toJson(after),
                MDC.get("traceId"));
    }

    private String toJson(Object state) {
        return (state != null) ? this.json.writeValueAsString(state) : null;
    }

    private static String actor() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication instanceof JwtAuthenticationToken token) {
            String clientId = token.getToken().getClaimAsString("client_id");
            return (clientId != null) ? clientId : token.getName();
        }
        return (authentication != null) ? authentication.getName() : "system";
    }

}
