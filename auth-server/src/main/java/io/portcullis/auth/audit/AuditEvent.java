package io.portcullis.auth.audit;

import java.time.Instant;

import tools.jackson.databind.JsonNode;

/**
 * One recorded admin change.
 *
 * @param id increasing with time
 * @param occurredAt when it was made
 * @param actor the client_id of the admin who made it
 * @param type what happened, e.g. {@code CLIENT_DISABLED}
 * @param targetType {@code RESOURCE}, {@code SCOPE}, {@code CLIENT}, {@code TOKEN} or {@code KEY}
 * @param targetId the target's identifier
 * @param clientId the client the change concerns, if any
 * @param before the target as the admin API showed it before ({@code null} when created)
 * @param after the target as the admin API showed it after ({@code null} when deleted)
 * @param traceId the W3C trace id of the request, to find its logs
 */
public record AuditEvent(long id, Instant occurredAt, String actor, String type, String targetType, String targetId,
        String clientId, JsonNode before, JsonNode after, String traceId) {
}
