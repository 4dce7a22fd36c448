-- Staging is filled and emptied by every run: vacuum and analyze it soon after a large run rather than after a fifth
-- of the table changed, so the next run's statistics refresh reads live pages, not a large run's dead ones.
ALTER TABLE staged_student SET (autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 5000,
    autovacuum_analyze_scale_factor = 0, autovacuum_analyze_threshold = 5000);
