-- The guard step: deactivations it held back, why, and who approved them later. Identical SQL on H2 and PostgreSQL.
ALTER TABLE planned_change ADD COLUMN held BOOLEAN DEFAULT FALSE NOT NULL;
ALTER TABLE import_run ADD COLUMN guard_message VARCHAR(2000);
ALTER TABLE import_run ADD COLUMN held INT DEFAULT 0 NOT NULL;
ALTER TABLE import_run ADD COLUMN approved_by VARCHAR(100);
ALTER TABLE import_run ADD COLUMN approved_at TIMESTAMP WITH TIME ZONE;
-- A rejected row's Student ID, so a student whose row is rejected is not deactivated as missing.
ALTER TABLE rejected_row ADD COLUMN student_id VARCHAR(50);
CREATE INDEX rejected_row_student ON rejected_row (run_id, student_id);
-- The apply step's audit insert checks (run, account) per row; an index on run alone made that quadratic.
DROP INDEX account_event_run;
CREATE INDEX account_event_run ON account_event (run_id, account_id);
