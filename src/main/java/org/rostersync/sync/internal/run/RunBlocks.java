package org.rostersync.sync.internal.run;

/**
 * The CREATE plan entries of a run that wrote a district's first import in one pass: one {@code run_block} row per
 * school stands for the accounts the run created there (ids {@code first_id} to {@code last_id}; an account's Student
 * ID never changes), and every reader of a run's CREATE entries adds these to its {@code planned_change} ones. Like
 * the plan, they are the run's details: gone once its details are deleted (the block itself stays, as the accounts'
 * CREATED events; see {@code AccountEvents}).
 */
final class RunBlocks {

    /**
     * The entries of the run given by the blank (a parameter marker), as {@code (student_id, school_id, account_id)}.
     */
    static String createEntries(String run) {
        return """
                SELECT a.student_id, b.school_id, a.id AS account_id
                  FROM run_block b
                  JOIN import_run r ON r.id = b.run_id AND r.details_deleted_at IS NULL
                  JOIN student_account a ON a.id BETWEEN b.first_id AND b.last_id
                 WHERE b.run_id = %s""".formatted(run);
    }

    /** How many entries the run given by the blank has. */
    static String createCount(String run) {
        return """
                SELECT COALESCE(SUM(b.last_id - b.first_id + 1), 0)
                  FROM run_block b
                  JOIN import_run r ON r.id = b.run_id AND r.details_deleted_at IS NULL
                 WHERE b.run_id = %s""".formatted(run);
    }

    private RunBlocks() {
    }
}
