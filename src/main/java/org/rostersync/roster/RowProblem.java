package org.rostersync.roster;

/**
 * Why a row was rejected.
 *
 * @param column the header of the offending column as the file names it, or {@code null} for the whole row
 */
public record RowProblem(long lineNumber, String column, String reason) {

    /** A NUL character the reason or column would repeat from the file is shown as {@code \0}: it is not text. */
    public RowProblem {
        if (column != null && column.indexOf('\0') >= 0) {
            column = column.replace("\0", "\\0");
        }
        if (reason != null && reason.indexOf('\0') >= 0) {
            reason = reason.replace("\0", "\\0");
        }
    }
}
