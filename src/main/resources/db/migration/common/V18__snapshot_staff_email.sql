-- A revert puts back whether the account's email was given by staff (V17), so that a later roster row without an
-- email keeps a staff email the reverted run had replaced. NULL in snapshots taken before this column: the revert
-- leaves the account's flag as it is.
ALTER TABLE account_snapshot ADD COLUMN email_from_staff BOOLEAN;
