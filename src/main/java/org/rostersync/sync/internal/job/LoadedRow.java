package org.rostersync.sync.internal.job;

import java.util.List;

import org.rostersync.roster.RosterField;
import org.rostersync.roster.RosterLine;
import org.rostersync.roster.RosterRow;
import org.rostersync.roster.RowProblem;
import org.rostersync.roster.StaffRow;

/**
 * A line of the file after validation and routing: staged for the plan, or rejected with its reasons. A staff
 * roster's rejected and withdrawn rows carry the Staff ID where a student's carry the Student ID.
 */
public sealed interface LoadedRow {

    /**
     * @param possibleIds values of a row whose free text runs over several lines (a quote left open may have
     *                    swallowed the rows after it) that may be a student's ID: they are not taken for missing
     */
    record Accepted(RosterRow row, String schoolId, String usernameBase, String fingerprint, List<String> possibleIds)
            implements LoadedRow {
    }

    /**
     * @param studentId   the row's Student ID when it has a usable one: a student whose row is rejected is still
     *                    in the file and must not be deactivated as missing
     * @param possibleIds other values of the row that may be a student's ID (see {@link RosterLine#possibleIds})
     */
    record Rejected(List<RowProblem> problems, String studentId, List<String> possibleIds) implements LoadedRow {

        static Rejected of(RosterLine line, List<RowProblem> problems) {
            String id = line.value(RosterField.STUDENT_ID);
            if (id == null || id.length() <= RosterField.STUDENT_ID.maxLength()) {
                return new Rejected(problems, id, line.possibleIds());
            }
            // an over-long Student ID may be the student's own with text run on (a delimiter lost after it): it is
            // kept as a text that student's ID may be part of
            List<String> possibleIds = new java.util.ArrayList<>(line.possibleIds());
            possibleIds.add(id.substring(0, Math.min(id.length(), RosterLine.POSSIBLE_ID_LENGTH)));
            return new Rejected(problems, null, possibleIds);
        }
    }

    /**
     * A good staff row, routed to its schools: one staff record per school.
     *
     * @param schoolIds the schools the row puts the staff member at, in the row's order
     */
    record StaffAccepted(StaffRow row, List<String> schoolIds) implements LoadedRow {
    }

    /**
     * A good row of a school file that leaves its student's account exactly as it is (see {@link UnchangedRows}):
     * recorded with its chunk, neither staged nor planned row by row.
     *
     * @param possibleIds as for {@link Accepted}
     */
    record Unchanged(long lineNumber, long accountId, List<String> possibleIds) implements LoadedRow {
    }

    /** A student a delta file takes off the roster (OneRoster {@code tobedeleted}). */
    record Withdrawn(long lineNumber, String studentId) implements LoadedRow {
    }
}
