-- The schools the staff member who started a run could see when it was queued, comma-separated; NULL when they see
-- the whole district (district admins' uploads, scheduled and pulled runs). A run of a restricted starter never moves
-- an account out of a school not named here: the guard holds such moves until a district admin approves them, and the
-- staged rows of held moves outlive the run's staging clean-up until then. Identical SQL on H2 and PostgreSQL.
ALTER TABLE import_run ADD COLUMN starter_schools VARCHAR(10000);
