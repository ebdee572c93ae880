-- The client (the token's client_id, as long as the auth-server's) that placed the order: only that client reads and
-- cancels it, unless a token holds orders.admin. Orders placed before this column existed have none and are left to
-- orders.admin.
ALTER TABLE orders ADD COLUMN placed_by VARCHAR(100);

-- a client's orders in their stable order, all of them or of one user
CREATE INDEX orders_placed_by_created_at_id_idx ON orders (placed_by, created_at, id);
CREATE INDEX orders_placed_by_user_id_created_at_id_idx ON orders (placed_by, user_id, created_at, id);
