-- email_from_staff: the email was given when staff made the account by hand. Design rule 1: it can never be given
-- again, so a roster row without an email keeps it (a row with one replaces it, and from then on the roster owns it).
-- last_login_at: the student's latest successful sign-in, so that reverting a run never deactivates a returning
-- student who has used the account since.
ALTER TABLE student_account ADD COLUMN email_from_staff BOOLEAN DEFAULT FALSE NOT NULL;
ALTER TABLE student_account ADD COLUMN last_login_at TIMESTAMP WITH TIME ZONE;
UPDATE student_account SET email_from_staff = TRUE WHERE origin = 'MANUAL' AND email IS NOT NULL;
