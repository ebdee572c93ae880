-- Each event carries the transaction that wrote it, so the feed can answer a change whole: one admin change writes
-- several events in one transaction (a client created, then each of its grants), and a consumer that applied half
-- of them would refuse (or let through) tokens by a state that never existed. The triggers write under an advisory
-- lock held until commit, so one transaction's events have consecutive ids. Events written before this migration
-- carry none and are answered as before.
ALTER TABLE security_events ADD COLUMN tx BIGINT;
ALTER TABLE security_events ALTER COLUMN tx SET DEFAULT (pg_current_xact_id()::text)::bigint;
