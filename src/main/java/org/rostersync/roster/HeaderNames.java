package org.rostersync.roster;

import java.util.List;

/**
 * How an error message shows a header that lacks a required column. The message goes to the run's report, its
 * failure mail and the server log, none of which may carry student data: an export without its header row makes a
 * student's row the "header", so a line that looks like values (a cell with a digit, a grade, an email address) is
 * described, not quoted.
 */
final class HeaderNames {

    private HeaderNames() {
    }

    /** "the header has "…"", or what the first line looks like instead. */
    static String describe(List<String> names) {
        if (names.isEmpty()) {
            return "the header has no columns";
        }
        long values = names.stream().filter(HeaderNames::looksLikeValue).count();
        if (values > 0) {
            return "the first line has " + names.size() + " columns and " + values + " of them hold numbers, grades"
                    + " or email addresses, so it looks like a student's row, not a header (it is not repeated"
                    + " here: it may hold student data). Check that the export includes its header row";
        }
        return "the header has \"" + String.join(",", names) + "\"";
    }

    /**
     * A cell no header is named like: one with a digit (an ID such as {@code S4001}, a date, a grade number), an
     * email address, or a grade such as {@code K} - every student row has a grade.
     */
    private static boolean looksLikeValue(String cell) {
        String value = cell.strip();
        return value.contains("@") || value.chars().anyMatch(c -> c >= '0' && c <= '9')
                || (!value.isEmpty() && GradeLevels.standard(value).isPresent());
    }
}
