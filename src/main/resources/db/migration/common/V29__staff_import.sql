-- Staff records through the import engine. Identical SQL on H2 and PostgreSQL.

-- Which records a run imported: STUDENTS (student_account) or STAFF (staff_account). A staff run's plan entries keep the
-- Staff ID in planned_change.student_id and the staff_account id in planned_change.account_id.
ALTER TABLE import_run ADD COLUMN record_kind VARCHAR(20) DEFAULT 'STUDENTS' NOT NULL;

-- A roster staff row's grace window (as for students), and the run that last changed it (what a revert checks).
ALTER TABLE staff_account ADD COLUMN missing_since TIMESTAMP WITH TIME ZONE;
ALTER TABLE staff_account ADD COLUMN last_run_id BIGINT;

-- Good staff rows of a run's file, one per staff member per school (a OneRoster user at two schools gives two rows
-- with the same line), written by the load step and removed with the run's other staging.
CREATE TABLE staged_staff (
    run_id      BIGINT        NOT NULL,
    line_no     BIGINT        NOT NULL,
    school_id   VARCHAR(100)  NOT NULL,
    staff_id    VARCHAR(50)   NOT NULL,
    first_name  VARCHAR(100)  NOT NULL,
    last_name   VARCHAR(100)  NOT NULL,
    email       VARCHAR(254)  NOT NULL,
    role        VARCHAR(20)   NOT NULL
);
CREATE INDEX staged_staff_run ON staged_staff (run_id, staff_id, school_id);
CREATE INDEX staged_staff_line ON staged_staff (run_id, line_no);

-- Before-images of the staff rows a run changed, so that the run can be reverted.
CREATE TABLE staff_snapshot (
    run_id          BIGINT        NOT NULL,
    account_id      BIGINT        NOT NULL,
    first_name      VARCHAR(100)  NOT NULL,
    last_name       VARCHAR(100)  NOT NULL,
    email           VARCHAR(254)  NOT NULL,
    email_key       VARCHAR(254)  NOT NULL,
    role            VARCHAR(20)   NOT NULL,
    status          VARCHAR(20)   NOT NULL,
    missing_since   TIMESTAMP WITH TIME ZONE,
    deactivated_at  TIMESTAMP WITH TIME ZONE,
    last_run_id     BIGINT,
    CONSTRAINT staff_snapshot_pk PRIMARY KEY (run_id, account_id)
);
