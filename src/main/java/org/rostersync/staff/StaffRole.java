package org.rostersync.staff;

/**
 * What a staff member may do: district admins act on the whole district, the others on their schools. An operator
 * runs the deployment (metrics, Prometheus, info, health details) and sees no district's students or runs.
 */
public enum StaffRole {
    DISTRICT_ADMIN, SCHOOL_ADMIN, TEACHER, OPERATOR;

    public boolean isAdmin() {
        return this == DISTRICT_ADMIN || this == SCHOOL_ADMIN;
    }
}
