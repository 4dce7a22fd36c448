-- Roster formats (STANDARD, CLEVER, ONEROSTER). Identical SQL on H2 and PostgreSQL.

-- BULK (a complete snapshot: missing students follow the deactivation rules), DELTA (only the rows it carries
-- change; withdrawn students deactivate) or ABSENT (no student data); set by the load step from the file.
ALTER TABLE import_run ADD COLUMN roster_mode VARCHAR(10);

-- The run report's column map: which header of the file fed which field (field_key NULL: the column was ignored).
CREATE TABLE run_column (
    run_id     BIGINT        NOT NULL,
    column_no  INT           NOT NULL,
    header     VARCHAR(200)  NOT NULL,
    field_key  VARCHAR(30),
    PRIMARY KEY (run_id, column_no)
);

-- Students a delta file withdraws (OneRoster status=tobedeleted or enabledUser=false), written by the load step;
-- the plan deactivates them (school-level feeds only). Removed by the report step like staged_student.
CREATE TABLE withdrawn_student (
    run_id      BIGINT       NOT NULL,
    line_no     BIGINT       NOT NULL,
    student_id  VARCHAR(50)  NOT NULL
);
CREATE INDEX withdrawn_student_run ON withdrawn_student (run_id, student_id);
