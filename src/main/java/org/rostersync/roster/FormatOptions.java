package org.rostersync.roster;

/**
 * A feed's choices for reading its format: which export column becomes the Student ID.
 *
 * @param cleverStudentId    for {@link RosterFormat#CLEVER} feeds
 * @param oneRosterStudentId for {@link RosterFormat#ONEROSTER} feeds
 */
public record FormatOptions(CleverStudentId cleverStudentId, OneRosterStudentId oneRosterStudentId) {

    public static final FormatOptions DEFAULTS = new FormatOptions(CleverStudentId.STUDENT_ID,
            OneRosterStudentId.SOURCED_ID);

    public FormatOptions {
        cleverStudentId = cleverStudentId == null ? CleverStudentId.STUDENT_ID : cleverStudentId;
        oneRosterStudentId = oneRosterStudentId == null ? OneRosterStudentId.SOURCED_ID : oneRosterStudentId;
    }
}
