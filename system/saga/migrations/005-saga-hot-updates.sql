-- A saga step's UPDATE as a heap-only tuple (HOT) update: no index entry written when no indexed
-- column (nor a column an index predicate reads) changes. 003's indexes read `deadline_at` and
-- `pending`, which every step changes, so each step wrote a new entry into all four indexes, and
-- PGlite, which never vacuums, kept every dead one. On PGlite, 2,000 checkout sagas' statements
-- (one INSERT, four UPDATEs each) in a loop took 1.3–1.8 ms of CPU per saga before, 1.2 after.
--
-- `owes` says whether commands wait in `pending`. It is generated, so no writer can forget it, and
-- it stays true through a running saga's steps (its current command is always pending), so the
-- one index the sweeper and `resume` need is untouched until the saga ends. The sweeper filters
-- the deadline from the few open rows instead of an index on it.

ALTER TABLE saga_instances ADD COLUMN owes boolean GENERATED ALWAYS AS (pending <> '[]'::jsonb) STORED;

DROP INDEX saga_instances_deadline_idx;
DROP INDEX saga_instances_open_idx;
CREATE INDEX saga_instances_open_idx ON saga_instances (saga_name) WHERE status IN ('running', 'compensating') OR owes;
