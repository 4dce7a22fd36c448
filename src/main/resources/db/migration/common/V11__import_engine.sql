-- The import engine at district scale. Identical SQL on H2 and PostgreSQL.

-- The apply step joins the plan to its staged row by (run, line); without this H2 scanned the run's whole staging
-- for every planned change (quadratic), and PostgreSQL hashed it.
CREATE INDEX staged_student_line ON staged_student (run_id, line_no);

-- The unchanged-file shortcut. settings_hash: the feed's settings and the engine version the run planned with;
-- accounts_hash: a digest of every plan-relevant column of the district's accounts, taken when a large run has
-- applied (and by a later run to compare); reused_run_id: the run whose file and plan this run found unchanged.
ALTER TABLE import_run ADD COLUMN settings_hash VARCHAR(64);
ALTER TABLE import_run ADD COLUMN accounts_hash VARCHAR(100);
ALTER TABLE import_run ADD COLUMN reused_run_id BIGINT;
