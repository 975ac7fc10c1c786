-- A row the relay can never publish as it is (its payload fails its schema, no caster carries its
-- version, no producer method publishes its type) is parked instead of retried for ever: it would
-- otherwise hold back every row written after it. Later rows of its aggregate stay held, so one
-- aggregate's messages still never go out of order; the rest flow. `unparkOutboxMessage` puts a
-- parked row back once the cause is fixed (system/outbox/relay.ts).
-- (003 is the saga table's, in system/saga/migrations: the order system's migrations share one numbering.)

ALTER TABLE outbox ADD COLUMN parked_at timestamptz;

CREATE INDEX outbox_parked_aggregate_idx ON outbox (aggregate_type, aggregate_id, seq) WHERE parked_at IS NOT NULL;
