-- Saga instances (system/saga): one row per running or finished saga, keyed by saga name and id
-- (the checkout id for the checkout saga). Every transition is one UPDATE guarded by `version`
-- (optimistic locking), so a redelivered or concurrent event cannot apply twice.
-- `pending` holds the commands a transition decided to send, written in the same transaction and
-- cleared once they went out: a crash in between re-sends them (under the same message ids).

CREATE TABLE saga_instances (
    saga_name        text        NOT NULL,
    saga_id          text        NOT NULL,               -- e.g. the checkout id
    correlation      text,                               -- a second business key events may carry (e.g. the order id)
    status           text        NOT NULL CHECK (status IN ('running', 'compensating', 'completed', 'cancelled')),
    current_step     integer     NOT NULL DEFAULT 0,     -- index into the definition's steps
    completed_steps  jsonb       NOT NULL DEFAULT '[]'::jsonb,
    data             jsonb       NOT NULL,
    failure_reason   text,
    deadline_at      timestamptz,                        -- deadline of the current step (running only)
    pending          jsonb       NOT NULL DEFAULT '[]'::jsonb,
    history          jsonb       NOT NULL DEFAULT '[]'::jsonb,
    version          integer     NOT NULL DEFAULT 0,
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (saga_name, saga_id)
);

CREATE INDEX saga_instances_correlation_idx ON saga_instances (saga_name, correlation);
CREATE INDEX saga_instances_deadline_idx ON saga_instances (saga_name, deadline_at) WHERE status = 'running';
CREATE INDEX saga_instances_open_idx ON saga_instances (saga_name) WHERE status IN ('running', 'compensating') OR pending <> '[]'::jsonb;
