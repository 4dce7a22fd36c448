-- Staff sign-in lockout. Staff are YAML users with no table of their own, so both tables are keyed by username; rows
-- are written only for configured staff usernames, so guesses at made-up names add nothing here.
-- staff_sign_in: one row per staff username that has ever failed to sign in, holding its lock; its row lock makes one
-- username's failures count one at a time on every node.
CREATE TABLE staff_sign_in (
    username     VARCHAR(1000)            NOT NULL PRIMARY KEY,
    locked_until TIMESTAMP WITH TIME ZONE
);
-- One row per failed staff sign-in within the failure window, as login_failure holds them for students.
CREATE TABLE staff_login_failure (
    username  VARCHAR(1000)            NOT NULL,
    failed_at TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX staff_login_failure_username ON staff_login_failure (username, failed_at);
