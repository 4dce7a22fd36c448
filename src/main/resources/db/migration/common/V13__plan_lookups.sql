-- The plan records whether an unchanged student was inside a grace window, so apply can clear their missing mark
-- (and snapshot them) by primary key instead of joining every missing account of the deployment to the run's plan.
ALTER TABLE planned_change ADD COLUMN was_missing BOOLEAN DEFAULT FALSE NOT NULL;
