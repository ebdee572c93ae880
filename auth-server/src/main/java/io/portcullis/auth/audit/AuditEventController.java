package io.portcullis.auth.audit;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;

import io.portcullis.auth.system.ApiProblem;
import io.portcullis.auth.system.PageQuery;
import io.portcullis.auth.system.ResultPage;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The audit trail, newest first, filtered by client, event type and time. */
@RestController
class AuditEventController {

    private final JdbcTemplate jdbc;

    private final JsonMapper json;

    AuditEventController(JdbcTemplate jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /**
     * @param clientId events concerning this client or made by it
     * @param type one event type
     * @param from events at or after this instant
     * @param to events before this instant
     */
    @GetMapping("/admin/v1/audit-events")
    ResultPage<AuditEvent> list(@RequestParam(required = false) String clientId,
            @RequestParam(required = false) String type,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant from,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant to,
            @RequestParam(defaultValue = "0") int page,
            @RequestParam(defaultValue = "" + ResultPage.DEFAULT_SIZE) int size) {
        if (type != null && !AuditType.NAMES.contains(type)) {
            throw ApiProblem.invalid("type", "must be one of " + AuditType.NAMES);
        }
        return new PageQuery("audit_events").where(clientId != null, "client_id = ? OR actor = ?", clientId, clientId)
            .where(type != null, "type = ?", type)
            .where(from != null, "occurred_at >= ?", (from != null) ? Timestamp.from(from) : null)
            .where(to != null, "occurred_at < ?", (to != null) ? Timestamp.from(to) : null)
            .fetch(this.jdbc, "*", "id DESC", page, size, (row, index) -> event(row));
    }

    private AuditEvent event(ResultSet row) throws SQLException {
        return new AuditEvent(row.getLong("id"), row.getTimestamp("occurred_at").toInstant(), row.getString("actor"),
                row.getString("type"), row.getString("target_type"), row.getString("target_id"),
                row.getString("client_id"), tree(row.getString("before_state")), tree(row.getString("after_state")),
                row.getString("trace_id"));
    }

    private JsonNode tree(String value) {
        return (value != null) ? this.json.readTree(value) : null;
    }

}
