/**
 * Mail to a feed's {@code notify} addresses when a run ends HELD or FAILED, and an optional daily digest; it writes no
 * table.
 */
package org.rostersync.notification;
