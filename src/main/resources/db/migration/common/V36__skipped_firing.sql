-- The latest scheduled firing of each feed that was skipped because a run of the feed was in progress (a manual
-- run, an upload, an approval): the Feeds page and GET /api/feeds show it, whichever node skipped it.
ALTER TABLE feed_state ADD COLUMN skipped_firing_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE feed_state ADD COLUMN skipped_for_run_id BIGINT;
