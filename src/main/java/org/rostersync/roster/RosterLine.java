package org.rostersync.roster;

import java.util.List;
import java.util.Map;

/**
 * One data record of a roster file, before validation.
 *
 * @param lineNumber  the physical line of the file where the record starts (the header is line 1)
 * @param values      trimmed values of the mapped fields; absent or empty values are missing from the map
 * @param valueCount  how many values the record has, to catch rows shifted by an unquoted comma
 * @param fileName    the member of a multi-file export the line comes from (e.g. {@code users.csv}), {@code null}
 *                    for a single-file roster
 * @param withdrawn   the export says this student leaves the roster (a OneRoster delta's {@code tobedeleted});
 *                    only the Student ID is meaningful
 * @param problems    what the format's reader already found wrong with the line (e.g. an unknown org)
 * @param possibleIds values of a line whose columns cannot be trusted (shifted by a stray delimiter, or running over
 *                    several lines through an unclosed quote) that may be or hold a student's ID: that student is in
 *                    the file; each at most {@link #POSSIBLE_ID_LENGTH} characters
 */
public record RosterLine(long lineNumber, Map<RosterField, String> values, int valueCount, String fileName,
        boolean withdrawn, List<RowProblem> problems, List<String> possibleIds) {

    /** The longest possible-ID value kept (a longer one is cut): {@code kept_student.student_id}. */
    public static final int POSSIBLE_ID_LENGTH = 1000;

    public RosterLine {
        problems = problems == null ? List.of() : List.copyOf(problems);
        possibleIds = possibleIds == null ? List.of() : List.copyOf(possibleIds);
    }

    public RosterLine(long lineNumber, Map<RosterField, String> values, int valueCount, String fileName,
            boolean withdrawn, List<RowProblem> problems) {
        this(lineNumber, values, valueCount, fileName, withdrawn, problems, List.of());
    }

    /** A line of a single-file roster. */
    public RosterLine(long lineNumber, Map<RosterField, String> values, int valueCount) {
        this(lineNumber, values, valueCount, null, false, List.of());
    }

    public String value(RosterField field) {
        return values.get(field);
    }

    /** The same line with other values, e.g. after a format turned its own codes into STANDARD values. */
    public RosterLine withValues(Map<RosterField, String> newValues, List<RowProblem> moreProblems) {
        List<RowProblem> all = new java.util.ArrayList<>(problems);
        all.addAll(moreProblems);
        return new RosterLine(lineNumber, newValues, valueCount, fileName, withdrawn, all, possibleIds);
    }
}
