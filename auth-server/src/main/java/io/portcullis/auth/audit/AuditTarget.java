package io.portcullis.auth.audit;

/**
 * What an audit event is about.
 *
 * @param type {@code RESOURCE}, {@code SCOPE}, {@code CLIENT}, {@code TOKEN} or {@code KEY}
 * @param id the target's identifier (resource name, scope name, client_id, jti, kid)
 * @param clientId the client the change concerns, if any
 */
public record AuditTarget(String type, String id, String clientId) {

    public static AuditTarget resource(String name) {
        return new AuditTarget("RESOURCE", name, null);
    }

    public static AuditTarget scope(String name) {
        return new AuditTarget("SCOPE", name, null);
    }

    public static AuditTarget client(String clientId) {
        return new AuditTarget("CLIENT", clientId, clientId);
    }

    public static AuditTarget token(String jti, String clientId) {
        return new AuditTarget("TOKEN", jti, clientId);
    }

    public static AuditTarget key(String kid) {
        return new AuditTarget("KEY", kid, null);
    }

}
