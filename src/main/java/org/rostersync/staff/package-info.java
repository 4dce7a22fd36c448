/**
 * Staff and the web around them: who signs in (the staff list, sign-in limits and lockout), what they may see
 * ({@link org.rostersync.staff.AccessPolicy}), and how errors are answered; it writes the {@code staff_sign_in} and
 * {@code staff_login_failure} tables.
 * <p>
 * It also owns the roster's staff records: {@link org.rostersync.staff.RosterStaffRecords} is the one writer of
 * {@code staff_account} and {@code staff_snapshot}; the import job in {@code sync} decides and calls it.
 */
package org.rostersync.staff;
