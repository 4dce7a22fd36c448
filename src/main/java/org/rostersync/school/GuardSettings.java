package org.rostersync.school;

/**
 * Limits a run must stay within before it may deactivate anyone.
 *
 * @param maxDeactivationPercent share of a school's active imported accounts one run may deactivate
 * @param maxRejectedPercent     share of the file's data rows that may be rejected before the run refuses to apply
 * @param deactivationFloor      deactivations per school that are always allowed, so a small class can still lose
 *                               a student without tripping the percentage
 * @param maxShrinkPercent       how much shorter than the feed's last good file a file may be before its
 *                               deactivations are held
 */
public record GuardSettings(int maxDeactivationPercent, int maxRejectedPercent, int deactivationFloor,
        int maxShrinkPercent) {

    public static final GuardSettings DEFAULTS = new GuardSettings(20, 5, 3, 50);
}
