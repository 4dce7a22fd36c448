-- A rejected row's possible Student IDs may be longer than an ID: a value an ID was glued to when a delimiter was lost,
-- or an over-long Student ID with text run on. A student whose ID is part of such a value is kept too.
ALTER TABLE kept_student ALTER COLUMN student_id SET DATA TYPE VARCHAR(1000);
