-- private_key_jwt assertions (RFC 7523) are single-use: each (client, jti) is kept until the assertion can no
-- longer be accepted (its exp plus the clock skew), shared by every auth-server instance.
CREATE TABLE client_assertion_jtis (
    client_id  VARCHAR(100) NOT NULL,
    jti        VARCHAR(256) NOT NULL,
    expires_at TIMESTAMPTZ  NOT NULL,
    PRIMARY KEY (client_id, jti)
);

CREATE INDEX client_assertion_jtis_expires_at ON client_assertion_jtis (expires_at);
