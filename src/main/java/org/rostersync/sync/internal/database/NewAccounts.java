package org.rostersync.sync.internal.database;

import java.io.IOException;
import java.time.LocalDate;

/**
 * The new accounts of a district's first import in one pass, handed to {@link DatabaseDialect#writeNewAccounts}
 * school by school: each school's accounts are stored together and get contiguous ids, so that the run records one
 * id range per school (its {@code run_block}) instead of a plan entry and an event per student.
 */
@FunctionalInterface
public interface NewAccounts {

    /** Adds every account to {@code sink}, each school's together, ending each school with {@link Sink#endSchool}. */
    void writeTo(Sink sink) throws IOException;

    /** Where {@link #writeTo} puts the accounts. */
    interface Sink {

        void add(NewAccount account);

        /** The accounts added since the last call (at least one) are all of {@code schoolId}'s. */
        void endSchool(String schoolId);
    }

    /** An account as the import creates it: origin IMPORT, PENDING_ACTIVATION, no password. */
    record NewAccount(String schoolId, String studentId, String username, String usernameBase, int usernameSeq, String firstName,
            String lastName, String middleInitial, String grade, LocalDate birthDate, String email,
            String guardianEmail, String gender, String homeRoom, String referenceId, String rowHash) {
    }

    /** The ids a school's new accounts were given: {@code firstId} to {@code lastId}, every one of them. */
    record Block(String schoolId, long firstId, long lastId) {
    }
}
