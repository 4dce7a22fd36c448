/**
 * Student credentials: temporary passwords (generated, hashed, issued), printable sign-in slips, and student login
 * with its per-account lockout. It writes only {@code login_failure}; the password, status and lockout columns of
 * {@code student_account} and the audit trail are written through the account module.
 */
package org.rostersync.credentials;
