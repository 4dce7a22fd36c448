package org.rostersync.account;

/** A hand-made account would reuse a Student ID that already has an account in the district. */
public class StudentIdTakenException extends RuntimeException {

    public StudentIdTakenException(String districtId, String studentId) {
        super("Student ID '" + studentId + "' already has an account in district '" + districtId
                + "'; Student IDs are unique in a district. Find that student in the list instead");
    }
}
