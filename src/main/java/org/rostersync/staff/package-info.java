/**
 * Staff and the web around them: who signs in (the staff list, sign-in limits and lockout), what they may see
 * ({@link org.rostersync.staff.AccessPolicy}), and how errors are answered; it writes the {@code staff_sign_in} and
 * {@code staff_login_failure} tables.
 */
package org.rostersync.staff;
