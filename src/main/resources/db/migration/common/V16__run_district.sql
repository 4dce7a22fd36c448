-- The district a run's feed belonged to when the run was queued: a feed removed from the configuration later leaves
-- its runs behind, and only that district's admins may still read them. Runs queued before this version get it at
-- start-up from the feeds still configured; runs of feeds already gone stay NULL and are shown to nobody.
ALTER TABLE import_run ADD COLUMN district_id VARCHAR(100);
