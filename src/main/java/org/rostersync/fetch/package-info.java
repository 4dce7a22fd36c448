/**
 * Fetching roster files from SFTP servers (JSch), with strict host-key checking, timeouts and retries.
 */
package org.rostersync.fetch;
