package org.rostersync.credentials;

import java.util.List;

/** A reset that changed nothing, and why: the message names the students and what to do. */
public class PasswordResetRefusedException extends RuntimeException {

    /** Why a reset was refused. */
    public enum Reason {
        /** the request is malformed: no students, too many, unknown layout */
        INVALID,
        /** some students have no account in the school */
        NOT_IN_SCHOOL,
        /** some students are deactivated, or (single reset) the account is not active yet */
        NOT_ALLOWED
    }

    private final Reason reason;
    private final List<String> studentIds;

    PasswordResetRefusedException(Reason reason, List<String> studentIds, String message) {
        super(message);
        this.reason = reason;
        this.studentIds = List.copyOf(studentIds);
    }

    public Reason reason() {
        return reason;
    }

    public List<String> studentIds() {
        return studentIds;
    }
}
