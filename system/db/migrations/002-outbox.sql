-- Transactional outbox: a message row is written in the same transaction as the state change it
-- announces; the relay (system/outbox/relay.ts) publishes unsent rows in `seq` order and marks them sent.
-- `id` is the message id on the wire, so a re-publish after a crash is recognisable downstream.

CREATE TABLE outbox (
    id                    uuid        PRIMARY KEY,
    seq                   bigint      GENERATED ALWAYS AS IDENTITY UNIQUE,
    message_type          text        NOT NULL,          -- catalog message id, e.g. order-created
    message_version       text        NOT NULL,          -- catalog message version, e.g. 1.0.0
    aggregate_type        text        NOT NULL,          -- e.g. order
    aggregate_id          text        NOT NULL,          -- e.g. the order id: rows of one aggregate are published in order
    payload               jsonb       NOT NULL,
    metadata              jsonb       NOT NULL DEFAULT '{}'::jsonb,  -- correlationId, causationId, traceparent, headers
    created_at            timestamptz NOT NULL DEFAULT now(),
    attempts              integer     NOT NULL DEFAULT 0, -- publish attempts that returned (confirmed or failed)
    next_attempt_at       timestamptz NOT NULL DEFAULT now(),  -- backoff after a failed publish
    last_error            text,
    claimed_by            text,                          -- relay instance holding the lease
    claimed_until         timestamptz,                   -- lease end; an expired lease is claimable again
    sent_at               timestamptz,
    CHECK ((claimed_by IS NULL) = (claimed_until IS NULL))
);

CREATE INDEX outbox_unsent_idx ON outbox (seq) WHERE sent_at IS NULL;
CREATE INDEX outbox_unsent_aggregate_idx ON outbox (aggregate_type, aggregate_id, seq) WHERE sent_at IS NULL;
CREATE INDEX outbox_sent_at_idx ON outbox (sent_at) WHERE sent_at IS NOT NULL;
