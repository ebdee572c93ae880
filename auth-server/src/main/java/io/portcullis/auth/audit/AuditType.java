package io.portcullis.auth.audit;

import java.util.Arrays;
import java.util.List;

/** What an audit event records; the {@code type} filter of the audit trail accepts exactly these names. */
public enum AuditType {

    CLIENT_CREATED, CLIENT_UPDATED, CLIENT_ENABLED, CLIENT_DISABLED, CLIENT_DELETED, CLIENT_SCOPE_GRANTED,
    CLIENT_SCOPE_REVOKED, CLIENT_SECRET_ROTATED, CLIENT_TOKENS_REVOKED, RESOURCE_CREATED, RESOURCE_UPDATED,
    RESOURCE_DELETED, SCOPE_CREATED, SCOPE_UPDATED, SCOPE_DELETED, KEY_ROTATED, KEY_WITHDRAWN, TOKEN_REVOKED;

    /** Every name, in declaration order. */
    public static final List<String> NAMES = Arrays.stream(values()).map(Enum::name).toList();

}
