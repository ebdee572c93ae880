CREATE TABLE orders (
    id         UUID         PRIMARY KEY,
    -- the user-service's id of the user; checked there when the order is placed (no foreign key across services)
    user_id    UUID         NOT NULL,
    product    VARCHAR(100) NOT NULL CHECK (product ~ '^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$'),
    quantity   INTEGER      NOT NULL CHECK (quantity BETWEEN 1 AND 1000),
    status     VARCHAR(10)  NOT NULL CHECK (status IN ('PLACED', 'CANCELLED')),
    created_at TIMESTAMPTZ  NOT NULL,
    updated_at TIMESTAMPTZ  NOT NULL,
    version    BIGINT       NOT NULL
);

-- a user's orders in their stable order, and the listing of all orders
CREATE INDEX orders_user_id_created_at_id_idx ON orders (user_id, created_at, id);
CREATE INDEX orders_created_at_id_idx ON orders (created_at, id);
