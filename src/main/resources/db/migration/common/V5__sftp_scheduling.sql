-- SFTP pulls and scheduling. Identical SQL on H2 and PostgreSQL.

-- The node (Quartz scheduler instance id) that queued and runs the import: start-up recovery only fails
-- runs whose node no longer checks in, never a run that a live node of the cluster is still working on.
ALTER TABLE import_run ADD COLUMN node_id VARCHAR(200);

-- The Quartz fire time a SCHEDULED run belongs to; unique per feed, so one firing can never become two runs.
ALTER TABLE import_run ADD COLUMN scheduled_for TIMESTAMP WITH TIME ZONE;
CREATE UNIQUE INDEX import_run_firing ON import_run (feed_id, scheduled_for);

CREATE INDEX import_run_active ON import_run (status, node_id);

-- Quartz's cluster lock rows for the scheduler named roster-sync (spring.quartz.scheduler-name). Quartz inserts
-- them on first use, but two nodes starting together would race on that insert; with the rows in place they only
-- ever wait on SELECT ... FOR UPDATE.
INSERT INTO QRTZ_LOCKS (SCHED_NAME, LOCK_NAME) VALUES ('roster-sync', 'TRIGGER_ACCESS');
INSERT INTO QRTZ_LOCKS (SCHED_NAME, LOCK_NAME) VALUES ('roster-sync', 'STATE_ACCESS');
