package org.rostersync.sync;

/**
 * One line of a run's plan.
 *
 * @param held a deactivation a guard held back until an admin approves it
 */
public record PlannedChange(String studentId, String schoolId, ChangeAction action, boolean held) {
}
