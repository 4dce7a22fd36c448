-- Student retention (rostersync.student-retention). Identical SQL on H2 and PostgreSQL.
-- When the nightly pass cleared a deactivated student's personal fields; the account (Student ID, username) stays.
-- A student deactivated again after returning is cleared again: the pass compares this with deactivated_at.
ALTER TABLE student_account ADD COLUMN personal_data_cleared_at TIMESTAMP WITH TIME ZONE;
-- The pass is a chore one node does for all, claimed like the run-history pass.
INSERT INTO housekeeping (chore) VALUES ('student-retention');
