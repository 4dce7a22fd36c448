-- A district's first import in one pass (FirstImport) stores each school's new accounts together, with contiguous
-- ids: one row per school records that the run created the accounts first_id..last_id there, at that instant, by that
-- actor. It stands for the run's CREATE plan entries and the accounts' CREATED events, one row per student each, which
-- every reader derives from it; it is part of the audit trail and stays when the run's details are deleted.
CREATE TABLE run_block (
    run_id     BIGINT        NOT NULL,
    school_id  VARCHAR(100)  NOT NULL,
    first_id   BIGINT        NOT NULL,
    last_id    BIGINT        NOT NULL,
    at         TIMESTAMP WITH TIME ZONE NOT NULL,
    actor      VARCHAR(100),
    CONSTRAINT run_block_pk PRIMARY KEY (run_id, school_id)
);
-- "Which block holds account X": the block with the highest first_id at or below X, if its last_id reaches X.
CREATE UNIQUE INDEX run_block_ids ON run_block (first_id, last_id);
