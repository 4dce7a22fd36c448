-- Before-images of the accounts a run changed, so that the run can be reverted. Identical SQL on H2 and PostgreSQL.
CREATE TABLE account_snapshot (
    run_id                      BIGINT        NOT NULL,
    account_id                  BIGINT        NOT NULL,
    school_id                   VARCHAR(100)  NOT NULL,
    first_name                  VARCHAR(100)  NOT NULL,
    last_name                   VARCHAR(100)  NOT NULL,
    middle_initial              VARCHAR(10),
    grade                       VARCHAR(5)    NOT NULL,
    birth_date                  DATE,
    email                       VARCHAR(254),
    guardian_email              VARCHAR(254),
    gender                      VARCHAR(20),
    home_room                   VARCHAR(50),
    reference_id                VARCHAR(50),
    row_hash                    VARCHAR(32)   NOT NULL,
    origin                      VARCHAR(10)   NOT NULL,
    status                      VARCHAR(20)   NOT NULL,
    status_before_deactivation  VARCHAR(20),
    missing_since               TIMESTAMP WITH TIME ZONE,
    deactivated_at              TIMESTAMP WITH TIME ZONE,
    last_run_id                 BIGINT,
    CONSTRAINT account_snapshot_pk PRIMARY KEY (run_id, account_id)
);

-- A revert is itself a run: it points at the run it undid, and the undone run points back.
ALTER TABLE import_run ADD COLUMN reverts_run_id BIGINT;
ALTER TABLE import_run ADD COLUMN reverted_by_run_id BIGINT;
