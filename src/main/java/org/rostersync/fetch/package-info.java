/**
 * Fetching roster files from SFTP servers (JSch), with strict host-key checking, timeouts and retries; it writes no
 * table, only files under the data directory.
 */
package org.rostersync.fetch;
