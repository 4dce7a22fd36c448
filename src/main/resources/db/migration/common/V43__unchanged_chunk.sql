-- A school run's rows that leave their account exactly as it is (the row's fingerprint is the account's), kept out of
-- staging and out of the plan: one row per load chunk, written in the chunk's own transaction, holding the accounts'
-- ids and the rows' lines in the file's order. The plan step marks them planned; from then on they are the run's
-- UNCHANGED entries, read with planned_change by the run's changes and counts.
CREATE TABLE unchanged_chunk (
    run_id       BIGINT        NOT NULL,
    first_line   BIGINT        NOT NULL,
    school_id    VARCHAR(100)  NOT NULL,
    account_ids  BIGINT ARRAY  NOT NULL,
    line_nos     BIGINT ARRAY  NOT NULL,
    row_count    INT           NOT NULL,
    planned      BOOLEAN       DEFAULT FALSE NOT NULL,
    PRIMARY KEY (run_id, first_line)
);
