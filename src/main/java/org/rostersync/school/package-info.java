/**
 * Districts, schools and import feeds, read from {@code rostersync.*} settings and validated at start-up.
 */
package org.rostersync.school;
