-- Student IDs a rejected row may hold when its values cannot be told apart: a row shifted by a stray delimiter, or
-- one that swallowed the next lines through an unclosed quote. Those students are in the file, so a run never takes
-- them for missing. Kept only while the run is in progress.
CREATE TABLE kept_student (
    run_id     BIGINT      NOT NULL,
    student_id VARCHAR(50) NOT NULL
);
CREATE INDEX kept_student_run ON kept_student (run_id, student_id);
