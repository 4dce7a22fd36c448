-- Vendor-only migration: common migrations continue at V15 so that no version is taken twice on PostgreSQL.
-- PostgreSQL only. Students inside a grace window are few: index only them, so a million new accounts do not each
-- add an entry for a NULL (H2 keeps the full index of V12; it has no partial indexes).
DROP INDEX student_account_missing_since;
CREATE INDEX student_account_missing_since ON student_account (missing_since) WHERE missing_since IS NOT NULL;

