package org.rostersync.sync;

/**
 * One line of a run's plan.
 *
 * @param held a deactivation a guard held back until an admin approves it, or a move of a student out of a school the
 *             run's starter could not see, until a district admin approves it
 */
public record PlannedChange(String studentId, String schoolId, ChangeAction action, boolean held) {
}
