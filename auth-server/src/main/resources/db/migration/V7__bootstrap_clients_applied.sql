-- What the bootstrap last applied to each configured client: the keyed hash of its configured secret and its
-- configured scopes. A start applies a client's configuration only when it differs from this (or nothing was
-- recorded), so that what an admin changed through the API since (a rotated secret, a scope taken away, the client
-- deleted) stands until the configuration itself changes. No foreign key: the row outlives a deleted client, which
-- is how a start knows the deletion was an admin's and not a configuration never applied.
CREATE TABLE bootstrap_clients_applied (
    client_id   VARCHAR(100) PRIMARY KEY,
    secret_hash TEXT         NOT NULL,
    scopes      TEXT         NOT NULL,
    applied_at  TIMESTAMPTZ  NOT NULL
);
