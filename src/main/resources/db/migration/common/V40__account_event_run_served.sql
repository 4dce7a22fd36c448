-- The audit statement's check "has this run already written an event for this account" finds the account's few
-- events through account_event_account (account_id, id) and filters them by run: PostgreSQL chose that index even
-- with this one present, and H2's per-row lookups read one account's events instead of one run's. Nothing else reads
-- the events by run, so every event paid for an index entry that no query used (and a district's first import
-- built it again over a million events).
DROP INDEX account_event_run;
