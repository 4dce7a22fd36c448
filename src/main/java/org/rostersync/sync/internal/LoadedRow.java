package org.rostersync.sync.internal;

import java.util.List;

import org.rostersync.roster.RosterRow;
import org.rostersync.roster.RowProblem;

/** A line of the file after validation and routing: staged for the plan, or rejected with its reasons. */
public sealed interface LoadedRow {

    record Accepted(RosterRow row, String schoolId, String usernameBase, String fingerprint) implements LoadedRow {
    }

    record Rejected(List<RowProblem> problems) implements LoadedRow {
    }
}
