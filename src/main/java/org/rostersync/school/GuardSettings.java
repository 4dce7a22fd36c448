package org.rostersync.school;

/**
 * Limits a run must stay within before it may deactivate anyone.
 *
 * @param maxDeactivationPercent share of a school's active imported accounts one run may deactivate
 * @param maxRejectedPercent     share of the file's data rows that may be rejected
 */
public record GuardSettings(int maxDeactivationPercent, int maxRejectedPercent) {

    public static final GuardSettings DEFAULTS = new GuardSettings(20, 5);
}
