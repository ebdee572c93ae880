-- A client id deleted and created again starts a new life. Tokens are tied to the life they were issued in by
-- their iat: a token issued before the second its client was created belongs to an earlier client of that id and
-- is refused everywhere (introspection, the server's own APIs, the deny-list at the edge). The feed announces each
-- creation, so that the edge stops refusing the id as deleted and learns when its new life began.

-- Deletions of one client id, found at its next creation and in the feed's snapshot.
CREATE INDEX security_events_client_deleted_idx ON security_events (client_id, effective_at)
    WHERE type = 'CLIENT_DELETED';

-- iat has whole seconds, and an instance whose cache has not yet heard of a deletion may issue a token of the old
-- life for a few milliseconds after it: a new life therefore starts at least one whole second after the second in
-- which the old one was deleted. Re-creating an id within that time waits for it (at most two seconds, and only
-- then), so that no token of the new life is issued before its life began.
CREATE FUNCTION client_new_life() RETURNS trigger AS $$
DECLARE
    deleted_at TIMESTAMPTZ;
    born_at    TIMESTAMPTZ;
BEGIN
    SELECT max(effective_at) INTO deleted_at FROM security_events
     WHERE type = 'CLIENT_DELETED' AND client_id = NEW.client_id;
    IF deleted_at IS NOT NULL THEN
        born_at := date_trunc('second', deleted_at) + interval '2 seconds';
        IF NEW.created_at < born_at THEN
            PERFORM pg_sleep(greatest(0, extract(epoch FROM born_at - clock_timestamp())));
            NEW.created_at := born_at;
        END IF;
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER clients_new_life BEFORE INSERT ON clients
    FOR EACH ROW EXECUTE FUNCTION client_new_life();

CREATE OR REPLACE FUNCTION client_event() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        PERFORM record_security_event('CLIENT_CREATED', NEW.client_id, NULL, NULL, NEW.created_at, NULL);
        IF NOT NEW.enabled THEN
            PERFORM record_security_event('CLIENT_DISABLED', NEW.client_id, NULL, NULL, now(), NULL);
        END IF;
        RETURN NULL;
    END IF;
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

DROP TRIGGER clients_event ON clients;
CREATE TRIGGER clients_event AFTER INSERT OR UPDATE OR DELETE ON clients
    FOR EACH ROW EXECUTE FUNCTION client_event();
