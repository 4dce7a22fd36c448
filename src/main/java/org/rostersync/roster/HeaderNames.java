package org.rostersync.roster;

import java.util.List;

/**
 * How an error message shows a header that lacks a required column. The message goes to the run's report, its
 * failure mail and the server log, none of which may carry student data: an export without its header row makes a
 * student's row the "header", so a line that looks like values (a cell of digits, a date, an email address), or that
 * names no column the reader knows, is described, not quoted.
 */
final class HeaderNames {

    private HeaderNames() {
    }

    /**
     * "the header has "…"", or what the first line looks like instead.
     *
     * @param recognized how many of the names are columns the reader knows. A line with none is not quoted: it may be
     *                   a student's row (a header with a misspelt column still has others the reader knows)
     */
    static String describe(List<String> names, int recognized) {
        if (names.isEmpty()) {
            return "the header has no columns";
        }
        long values = names.stream().filter(HeaderNames::looksLikeValue).count();
        if (values > 0) {
            return "the first line has " + names.size() + " columns and " + values + " of them hold numbers, dates"
                    + " or email addresses, so it looks like a student's row, not a header (it is not repeated"
                    + " here: it may hold student data). Check that the export includes its header row";
        }
        if (recognized == 0) {
            return "none of the " + names.size() + " columns of the first line is a column this feed knows, so it"
                    + " may be a student's row rather than a header (it is not repeated here: it may hold student"
                    + " data). Check that the export includes its header row and names its columns as the roster"
                    + " format does";
        }
        return "the header has \"" + String.join(",", names) + "\"";
    }

    private static boolean looksLikeValue(String cell) {
        String value = cell.strip();
        return value.contains("@") || value.chars().anyMatch(VisibleText::hidden) || (!value.isEmpty() && value.chars().allMatch(c -> (c >= '0' && c <= '9')
                || c == '/' || c == '-' || c == '.') && value.chars().anyMatch(Character::isDigit));
    }
}
