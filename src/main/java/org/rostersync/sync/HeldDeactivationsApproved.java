package org.rostersync.sync;

/**
 * An admin applied the deactivations a guard held on a run; published after the change is committed.
 *
 * @param deactivated how many accounts the approval deactivated
 */
public record HeldDeactivationsApproved(long runId, String feedId, int deactivated, String approvedBy) {
}
