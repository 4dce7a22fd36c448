package org.rostersync.roster;

import java.util.List;

/**
 * A valid staff row: one staff member at the schools the row names.
 *
 * @param schoolReferences the raw School ID values (one in a STANDARD or Clever file; a OneRoster user's schools),
 *                         routed to schools by the import job; empty when a school file leaves the column out
 * @param email            the email in lower case, as sign-in matches it
 * @param role             {@link #TEACHER} or {@link #SCHOOL_ADMIN}
 */
public record StaffRow(long lineNumber, List<String> schoolReferences, String staffId, String firstName,
        String lastName, String email, String role) {

    public static final String TEACHER = "TEACHER";
    public static final String SCHOOL_ADMIN = "SCHOOL_ADMIN";

    /**
     * Between the School IDs of a row that names several schools (a OneRoster user's orgs); a control character, so no
     * value read from a file can hold it.
     */
    public static final String SCHOOL_SEPARATOR = "\u001f";

    public StaffRow {
        schoolReferences = List.copyOf(schoolReferences);
    }
}
