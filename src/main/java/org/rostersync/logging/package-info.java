/**
 * Log lines without personal data: no Student ID, student name or email, errors included.
 */
package org.rostersync.logging;
