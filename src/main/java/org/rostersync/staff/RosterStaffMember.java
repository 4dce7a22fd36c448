package org.rostersync.staff;

/**
 * A staff member at one school, as the roster lists them.
 *
 * @param role   TEACHER or SCHOOL_ADMIN
 * @param status ACTIVE or DEACTIVATED
 */
public record RosterStaffMember(String staffId, String schoolId, String email, String firstName, String lastName,
        String role, String status) {
}
