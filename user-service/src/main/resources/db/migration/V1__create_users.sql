CREATE TABLE users (
    id           UUID         PRIMARY KEY,
    username     VARCHAR(50)  NOT NULL CHECK (username ~ '^[A-Za-z0-9][A-Za-z0-9._-]{2,49}$'),
    email        VARCHAR(254) NOT NULL CHECK (position('@' IN email) > 1),
    display_name VARCHAR(100) NOT NULL CHECK (length(trim(display_name)) > 0),
    status       VARCHAR(10)  NOT NULL CHECK (status IN ('ACTIVE', 'DISABLED')),
    created_at   TIMESTAMPTZ  NOT NULL,
    updated_at   TIMESTAMPTZ  NOT NULL,
    version      BIGINT       NOT NULL
);

-- usernames and emails are unique whatever their case
CREATE UNIQUE INDEX users_username_key ON users (lower(username));
CREATE UNIQUE INDEX users_email_key ON users (lower(email));
-- the listing's stable order, and its filters
CREATE INDEX users_created_at_id_idx ON users (created_at, id);
CREATE INDEX users_status_idx ON users (status);
