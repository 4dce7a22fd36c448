package org.rostersync.roster;

import java.util.Optional;

/** Which column of OneRoster's {@code users.csv} is the Student ID (a feed's {@code oneroster-student-id}). */
public enum OneRosterStudentId {

    /** {@code sourcedId}: the export's own stable id for the user; the default. */
    SOURCED_ID("sourcedId"),
    /** {@code identifier}: the human-readable SIS id, when the district keys accounts on it. */
    IDENTIFIER("identifier");

    private final String header;

    OneRosterStudentId(String header) {
        this.header = header;
    }

    public String header() {
        return header;
    }

    /** Reads a setting value: the header name in any case. */
    public static Optional<OneRosterStudentId> of(String value) {
        for (OneRosterStudentId id : values()) {
            if (RosterField.normalize(id.header).equals(RosterField.normalize(value))) {
                return Optional.of(id);
            }
        }
        return Optional.empty();
    }
}
