-- Student login: when the current password was issued, and the per-account lockout. Kept on the account row, in
-- the shared database, so a lockout holds on every node.
ALTER TABLE student_account ADD COLUMN password_issued_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE student_account ADD COLUMN failed_logins INT DEFAULT 0 NOT NULL;
ALTER TABLE student_account ADD COLUMN failure_window_start TIMESTAMP WITH TIME ZONE;
ALTER TABLE student_account ADD COLUMN locked_until TIMESTAMP WITH TIME ZONE;
