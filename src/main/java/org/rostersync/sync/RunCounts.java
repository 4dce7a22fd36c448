package org.rostersync.sync;

/**
 * What a run found and did.
 *
 * @param rows    data rows in the file
 * @param missing students missing from a school file but still inside the feed's grace window
 */
public record RunCounts(int rows, int created, int updated, int transferred, int reactivated, int unchanged,
        int missing, int deactivated, int rejected) {
}
