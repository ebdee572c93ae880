-- A bootstrapped resource whose configured URI changed (the auth-server's own resource follows the issuer) is moved
-- by updating its URI; its scopes follow it.
ALTER TABLE scopes DROP CONSTRAINT scopes_resource_uri_fkey;
ALTER TABLE scopes ADD CONSTRAINT scopes_resource_uri_fkey
    FOREIGN KEY (resource_uri) REFERENCES resources (uri) ON UPDATE CASCADE;
