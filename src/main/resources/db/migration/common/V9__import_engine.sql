-- The import engine at district scale. Identical SQL on H2 and PostgreSQL.

-- The apply step joins the plan to its staged row by (run, line); without this H2 scanned the run's whole staging
-- for every planned change (quadratic), and PostgreSQL hashed it.
CREATE INDEX staged_student_line ON staged_student (run_id, line_no);
