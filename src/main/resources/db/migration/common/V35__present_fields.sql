-- The fields a run's file had a column for (comma-separated field keys, e.g. "student-id,first-name,..."). Identical
-- SQL on H2 and PostgreSQL. A field the file lacks keeps its stored values (only an empty cell clears one), and a run
-- whose file lost a column the feed's last good file had says so; run_column, which holds the same headers, is
-- deleted with a run's details, this stays with the run. NULL for runs from before it was recorded.
ALTER TABLE import_run ADD COLUMN present_fields VARCHAR(400);
