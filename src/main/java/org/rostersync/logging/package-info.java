/**
 * Log lines without personal data: no Student ID, student name or email, errors included. It writes no table.
 */
package org.rostersync.logging;
