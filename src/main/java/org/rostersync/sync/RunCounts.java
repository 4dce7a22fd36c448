package org.rostersync.sync;

/**
 * What a run found and did.
 *
 * @param rows    data rows in the file
 * @param missing     students missing from a school file but still inside the feed's grace window
 * @param deactivated accounts this run deactivated (including deactivations approved after a hold)
 * @param transferred accounts moved from another school (held moves once approved)
 * @param held        deactivations a guard held back, and moves out of schools the run's starter could not see, waiting
 *                    for an admin's approval (a district admin's for moves)
 */
public record RunCounts(int rows, int created, int updated, int transferred, int reactivated, int unchanged,
        int missing, int deactivated, int rejected, int held) {
}
