-- A run whose node died before it applied is restarted by another node (Spring Batch restart of the same job
-- instance). restarts counts the restarts, so a run interrupted a second time fails instead of going round again;
-- restart_note is the sentence its message ends with (which node stopped, which node restarted it and where).
ALTER TABLE import_run ADD COLUMN restarts INT DEFAULT 0 NOT NULL;
ALTER TABLE import_run ADD COLUMN restart_note VARCHAR(1000);
