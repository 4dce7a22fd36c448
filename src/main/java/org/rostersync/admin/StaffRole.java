package org.rostersync.admin;

/** What a staff member may do: district admins act on the whole district, the others on their schools. */
enum StaffRole {
    DISTRICT_ADMIN, SCHOOL_ADMIN, TEACHER;

    boolean isAdmin() {
        return this != TEACHER;
    }
}
