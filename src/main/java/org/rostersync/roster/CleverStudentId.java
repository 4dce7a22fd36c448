package org.rostersync.roster;

import java.util.Optional;

/** Which column of Clever's {@code students.csv} is the Student ID (a feed's {@code clever-student-id}). */
public enum CleverStudentId {

    /** Clever's {@code Student_id}: the SIS id the district gave Clever; the default. */
    STUDENT_ID("Student_id"),
    /** {@code Student_number}: the number printed on report cards in many SISs. */
    STUDENT_NUMBER("Student_number"),
    /** {@code State_id}: the state-assigned student id. */
    STATE_ID("State_id");

    private final String header;

    CleverStudentId(String header) {
        this.header = header;
    }

    /** The Clever header, as written in settings and in Clever's spec. */
    public String header() {
        return header;
    }

    /** Reads a setting value: the header name in any case, with or without the underscore. */
    public static Optional<CleverStudentId> of(String value) {
        for (CleverStudentId id : values()) {
            if (RosterField.normalize(id.header).equals(RosterField.normalize(value))) {
                return Optional.of(id);
            }
        }
        return Optional.empty();
    }
}
