-- Run history retention (rostersync.run-retention). Identical SQL on H2 and PostgreSQL.

-- When the nightly pass deleted the run's details (plan, rejected rows, column map, before-images, Spring Batch
-- records); the run's record, counts and message stay. The index finds the oldest run whose details are still there.
ALTER TABLE import_run ADD COLUMN details_deleted_at TIMESTAMP WITH TIME ZONE;
CREATE INDEX import_run_details ON import_run (details_deleted_at, id);

-- Chores that one node of a cluster does for all: a node claims one with a conditional UPDATE of its row.
CREATE TABLE housekeeping (
    chore       VARCHAR(50) NOT NULL PRIMARY KEY,
    claimed_at  TIMESTAMP WITH TIME ZONE
);
INSERT INTO housekeeping (chore) VALUES ('run-history');
