-- The admin API addresses resources by name, so names are unique slugs (the URI stays the primary key).
ALTER TABLE resources ADD CONSTRAINT resources_name_key UNIQUE (name);
ALTER TABLE resources ADD CONSTRAINT resources_name_check CHECK (name ~ '^[a-z][a-z0-9-]{0,99}$');

-- Every change made through the admin API: who (the admin's client_id), what, when, the state before and after.
-- Written in the transaction of the change itself, so a rejected or rolled-back request leaves no row.
-- States are the admin API's views, which never hold a secret.
CREATE TABLE audit_events (
    id           BIGSERIAL    PRIMARY KEY,
    occurred_at  TIMESTAMPTZ  NOT NULL,
    actor        VARCHAR(100) NOT NULL,
    type         VARCHAR(40)  NOT NULL,
    target_type  VARCHAR(20)  NOT NULL,
    target_id    VARCHAR(512) NOT NULL,
    client_id    VARCHAR(100),
    before_state JSONB,
    after_state  JSONB,
    trace_id     VARCHAR(32)
);
CREATE INDEX audit_events_occurred_at_idx ON audit_events (occurred_at, id);
CREATE INDEX audit_events_client_id_idx ON audit_events (client_id, id);
CREATE INDEX audit_events_actor_idx ON audit_events (actor, id);
CREATE INDEX audit_events_type_idx ON audit_events (type, id);

-- The trail is append-only: nothing in the application updates or deletes it, and the database refuses it too.
CREATE FUNCTION refuse_audit_change() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'audit_events is append-only';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER audit_events_append_only BEFORE UPDATE OR DELETE ON audit_events
    FOR EACH ROW EXECUTE FUNCTION refuse_audit_change();

-- A signing key retired at once (suspected compromise): it leaves the JWKS, and the feed tells the gateway and the
-- services to refuse the tokens it signed, although their cached JWKS may still hold it.
ALTER TABLE signing_keys ADD COLUMN retired_at TIMESTAMPTZ;
ALTER TABLE security_events ADD COLUMN kid VARCHAR(64);

CREATE FUNCTION signing_key_event() RETURNS trigger AS $$
BEGIN
    IF NEW.retired_at IS NOT NULL AND OLD.retired_at IS NULL THEN
        PERFORM pg_advisory_xact_lock(7460239013);
        INSERT INTO security_events (type, kid, effective_at) VALUES ('KEY_RETIRED', NEW.kid, NEW.retired_at);
        PERFORM pg_notify('portcullis_security_events', '');
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER signing_keys_event AFTER UPDATE ON signing_keys
    FOR EACH ROW EXECUTE FUNCTION signing_key_event();

-- Every instance reloads its keys when any instance changes them, instead of at its next maintenance tick.
CREATE TRIGGER signing_keys_changed AFTER INSERT OR UPDATE OR DELETE ON signing_keys
    FOR EACH STATEMENT EXECUTE FUNCTION notify_client_change();
