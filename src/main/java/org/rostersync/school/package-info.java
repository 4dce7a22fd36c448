/**
 * Districts, schools and import feeds, read from {@code rostersync.*} settings and validated at start-up; it writes no
 * table.
 */
package org.rostersync.school;
