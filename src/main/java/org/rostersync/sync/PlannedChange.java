package org.rostersync.sync;

/** One line of a run's plan. */
public record PlannedChange(String studentId, String schoolId, ChangeAction action) {
}
