/**
 * The import job's configuration and its steps: fetch, load (reader, router, staging writer), plan, guard, apply, report.
 */
package org.rostersync.sync.internal.job;
