/**
 * Chores: roster files and students' personal data kept only as long as configured.
 */
package org.rostersync.sync.internal.housekeeping;
