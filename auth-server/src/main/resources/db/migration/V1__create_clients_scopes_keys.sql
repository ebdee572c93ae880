-- Resources are the audiences of access tokens (RFC 8707: absolute URIs).
CREATE TABLE resources (
    uri         VARCHAR(512) PRIMARY KEY,
    name        VARCHAR(100) NOT NULL,
    description VARCHAR(500) NOT NULL DEFAULT '',
    created_at  TIMESTAMPTZ  NOT NULL DEFAULT now(),
    updated_at  TIMESTAMPTZ  NOT NULL DEFAULT now(),
    version     BIGINT       NOT NULL
);

CREATE TABLE scopes (
    name         VARCHAR(100) PRIMARY KEY CHECK (name ~ '^[a-z][a-z0-9_.:-]{0,99}$'),
    resource_uri VARCHAR(512) NOT NULL REFERENCES resources (uri),
    description  VARCHAR(500) NOT NULL DEFAULT '',
    created_at   TIMESTAMPTZ  NOT NULL DEFAULT now(),
    updated_at   TIMESTAMPTZ  NOT NULL DEFAULT now(),
    version      BIGINT       NOT NULL
);
CREATE INDEX scopes_resource_uri_idx ON scopes (resource_uri);

CREATE TABLE clients (
    client_id                   VARCHAR(100) PRIMARY KEY CHECK (client_id ~ '^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$'),
    name                        VARCHAR(200) NOT NULL,
    enabled                     BOOLEAN      NOT NULL DEFAULT TRUE,
    grant_types                 VARCHAR(200) NOT NULL DEFAULT 'client_credentials',
    authentication_method       VARCHAR(40)  NOT NULL
        CHECK (authentication_method IN ('client_secret_basic', 'client_secret_post', 'private_key_jwt')),
    -- keyed hashes (HMAC-SHA256) of server-generated secrets; never the secret itself
    secret_hash                 VARCHAR(200),
    previous_secret_hash        VARCHAR(200),
    previous_secret_expires_at  TIMESTAMPTZ,
    jwks                        TEXT,
    jwks_uri                    VARCHAR(1000),
    assertion_signing_algorithm VARCHAR(10),
    access_token_ttl_seconds    INTEGER      NOT NULL CHECK (access_token_ttl_seconds BETWEEN 30 AND 86400),
    revoked_before              TIMESTAMPTZ,
    created_at                  TIMESTAMPTZ  NOT NULL DEFAULT now(),
    updated_at                  TIMESTAMPTZ  NOT NULL DEFAULT now(),
    version                     BIGINT       NOT NULL,
    CHECK (authentication_method = 'private_key_jwt' OR secret_hash IS NOT NULL),
    CHECK (authentication_method <> 'private_key_jwt' OR jwks IS NOT NULL OR jwks_uri IS NOT NULL)
);

CREATE TABLE client_scopes (
    client_id  VARCHAR(100) NOT NULL REFERENCES clients (client_id) ON DELETE CASCADE,
    scope_name VARCHAR(100) NOT NULL REFERENCES scopes (name),
    is_default BOOLEAN      NOT NULL DEFAULT FALSE,
    PRIMARY KEY (client_id, scope_name)
);
CREATE INDEX client_scopes_scope_name_idx ON client_scopes (scope_name);

-- Signing keys. The private part is AES-256-GCM ciphertext under a key-encryption key from configuration.
-- A key is published from created_at until unpublish_at and signs from activates_at until deactivates_at.
CREATE TABLE signing_keys (
    kid                    VARCHAR(64)  PRIMARY KEY,
    algorithm              VARCHAR(10)  NOT NULL,
    public_jwk             TEXT         NOT NULL,
    private_key_ciphertext BYTEA        NOT NULL,
    kek_id                 VARCHAR(32)  NOT NULL,
    created_at             TIMESTAMPTZ  NOT NULL,
    activates_at           TIMESTAMPTZ  NOT NULL,
    deactivates_at         TIMESTAMPTZ,
    unpublish_at           TIMESTAMPTZ,
    version                BIGINT       NOT NULL,
    CHECK (deactivates_at IS NULL OR deactivates_at >= activates_at),
    CHECK (unpublish_at IS NULL OR (deactivates_at IS NOT NULL AND unpublish_at >= deactivates_at))
);

-- Revoked access tokens, kept until the token would have expired anyway (then purged).
CREATE TABLE revoked_tokens (
    jti        VARCHAR(100) PRIMARY KEY,
    client_id  VARCHAR(100) NOT NULL,
    expires_at TIMESTAMPTZ  NOT NULL,
    revoked_at TIMESTAMPTZ  NOT NULL DEFAULT now()
);
CREATE INDEX revoked_tokens_expires_at_idx ON revoked_tokens (expires_at);

-- Every auth-server instance caches clients and scopes; a committed change anywhere tells all of them.
CREATE FUNCTION notify_client_change() RETURNS trigger AS $$
BEGIN
    PERFORM pg_notify('portcullis_client_change', TG_TABLE_NAME);
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER clients_changed AFTER INSERT OR UPDATE OR DELETE ON clients
    FOR EACH STATEMENT EXECUTE FUNCTION notify_client_change();
CREATE TRIGGER client_scopes_changed AFTER INSERT OR UPDATE OR DELETE ON client_scopes
    FOR EACH STATEMENT EXECUTE FUNCTION notify_client_change();
CREATE TRIGGER scopes_changed AFTER INSERT OR UPDATE OR DELETE ON scopes
    FOR EACH STATEMENT EXECUTE FUNCTION notify_client_change();
CREATE TRIGGER resources_changed AFTER INSERT OR UPDATE OR DELETE ON resources
    FOR EACH STATEMENT EXECUTE FUNCTION notify_client_change();
