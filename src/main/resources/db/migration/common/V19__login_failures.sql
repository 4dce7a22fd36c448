-- Failed student logins, one row each, so that "max-failures within failure-window" counts exactly the failures
-- of the last window (a counter with a window start let up to twice max-failures - 2 guesses through around the
-- window's end). Kept only until they leave the window, the account locks, or it signs in or is given a password.
-- student_account.failure_window_start is no longer written; it stays, so that nodes of the previous version keep
-- signing students in during a rolling upgrade.
CREATE TABLE login_failure (
    account_id BIGINT                   NOT NULL,
    failed_at  TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX login_failure_account ON login_failure (account_id, failed_at);
