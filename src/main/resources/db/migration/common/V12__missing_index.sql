-- Students inside a grace window are few; this index lets apply find them without reading every account.
CREATE INDEX student_account_missing_since ON student_account (missing_since);
