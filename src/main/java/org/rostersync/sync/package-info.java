/**
 * The Spring Batch import job: load a roster into staging, plan the changes in SQL, apply them, report the run.
 */
package org.rostersync.sync;
