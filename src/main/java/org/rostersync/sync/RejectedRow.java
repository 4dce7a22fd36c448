package org.rostersync.sync;

/** A row of the file that was not imported, and why. {@code column} is {@code null} for the whole row. */
public record RejectedRow(long line, String column, String reason) {
}
