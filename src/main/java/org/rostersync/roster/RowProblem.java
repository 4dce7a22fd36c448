package org.rostersync.roster;

/**
 * Why a row was rejected.
 *
 * @param column the header of the offending column as the file names it, or {@code null} for the whole row
 */
public record RowProblem(long lineNumber, String column, String reason) {
}
