-- PostgreSQL only. Students inside a grace window are few: index only them, so a million new accounts do not each
-- add an entry for a NULL (H2 keeps the full index of V12; it has no partial indexes).
DROP INDEX student_account_missing_since;
CREATE INDEX student_account_missing_since ON student_account (missing_since) WHERE missing_since IS NOT NULL;

-- Staging and the plan are written and emptied by every run: let autovacuum come by after a few thousand dead rows
-- rather than after a fifth of the table, so nightly runs do not wade through their predecessors' dead rows.
ALTER TABLE staged_student SET (autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 5000,
                                autovacuum_analyze_scale_factor = 0, autovacuum_analyze_threshold = 5000);
