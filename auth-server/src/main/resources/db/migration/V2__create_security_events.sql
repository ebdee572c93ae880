-- The change feed: every security-relevant change, in commit order, for the gateway and the services to follow.
-- Writers serialise on an advisory lock inside the trigger, so ids are assigned in commit order and a consumer
-- that has read up to id N never later finds a smaller id committed (these changes are rare admin actions).
CREATE TABLE security_events (
    id           BIGSERIAL    PRIMARY KEY,
    type         VARCHAR(40)  NOT NULL,
    client_id    VARCHAR(100),
    jti          VARCHAR(100),
    scope_name   VARCHAR(100),
    effective_at TIMESTAMPTZ,
    expires_at   TIMESTAMPTZ,
    created_at   TIMESTAMPTZ  NOT NULL DEFAULT now()
);

CREATE FUNCTION record_security_event(event_type TEXT, event_client TEXT, event_jti TEXT, event_scope TEXT,
                                      event_effective TIMESTAMPTZ, event_expires TIMESTAMPTZ) RETURNS void AS $$
BEGIN
    PERFORM pg_advisory_xact_lock(7460239013);
    INSERT INTO security_events (type, client_id, jti, scope_name, effective_at, expires_at)
    VALUES (event_type, event_client, event_jti, event_scope, event_effective, event_expires);
    PERFORM pg_notify('portcullis_security_events', '');
END;
$$ LANGUAGE plpgsql;

CREATE FUNCTION revoked_token_event() RETURNS trigger AS $$
BEGIN
    PERFORM record_security_event('TOKEN_REVOKED', NEW.client_id, NEW.jti, NULL, NEW.revoked_at, NEW.expires_at);
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER revoked_tokens_event AFTER INSERT ON revoked_tokens
    FOR EACH ROW EXECUTE FUNCTION revoked_token_event();

CREATE FUNCTION client_event() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        PERFORM record_security_event('CLIENT_DELETED', OLD.client_id, NULL, NULL, now(), NULL);
        RETURN NULL;
    END IF;
    IF OLD.enabled AND NOT NEW.enabled THEN
        PERFORM record_security_event('CLIENT_DISABLED', NEW.client_id, NULL, NULL, now(), NULL);
    ELSIF NOT OLD.enabled AND NEW.enabled THEN
        PERFORM record_security_event('CLIENT_ENABLED', NEW.client_id, NULL, NULL, now(), NULL);
    END IF;
    IF NEW.revoked_before IS NOT NULL AND NEW.revoked_before IS DISTINCT FROM OLD.revoked_before THEN
        PERFORM record_security_event('CLIENT_TOKENS_REVOKED', NEW.client_id, NULL, NULL, NEW.revoked_before, NULL);
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER clients_event AFTER UPDATE OR DELETE ON clients
    FOR EACH ROW EXECUTE FUNCTION client_event();

CREATE FUNCTION client_scope_event() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        PERFORM record_security_event('SCOPE_REMOVED', OLD.client_id, NULL, OLD.scope_name, now(), NULL);
    ELSE
        PERFORM record_security_event('SCOPE_GRANTED', NEW.client_id, NULL, NEW.scope_name, now(), NULL);
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER client_scopes_event AFTER INSERT OR DELETE ON client_scopes
    FOR EACH ROW EXECUTE FUNCTION client_scope_event();
