/**
 * Runs: their records and claims, launching, lifecycle, recovery, history, progress and reverts.
 */
package org.rostersync.sync.internal.run;
