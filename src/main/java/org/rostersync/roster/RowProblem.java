package org.rostersync.roster;

/**
 * Why a row was rejected.
 *
 * @param column the header of the offending column as the file names it, or {@code null} for the whole row
 */
public record RowProblem(long lineNumber, String column, String reason) {

    /** Control characters the reason or column would repeat from the file are shown as their codes ({@code \0}). */
    public RowProblem {
        column = VisibleText.of(column);
        reason = VisibleText.of(reason);
    }
}
