/**
 * Student credentials: temporary passwords (generated, hashed, issued), printable sign-in slips, and student login
 * with its per-account lockout.
 */
package org.rostersync.credentials;
