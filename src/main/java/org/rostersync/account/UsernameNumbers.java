package org.rostersync.account;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Numbers a new holder of a username base by {@link Usernames#seq(int, int)}. The caller holds the
 * {@code username_lock} row, as imports do, so no other transaction takes the same number meanwhile.
 */
@Repository
class UsernameNumbers {

    private final JdbcClient jdbc;

    UsernameNumbers(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The number of the next (single) holder of {@code base}. */
    int next(String base) {
        int highestTaken = jdbc.sql("""
                SELECT COALESCE(MAX(username_seq), 0) FROM student_account WHERE username_base = :b""")
                .param("b", base).query(Integer.class).single();
        return Usernames.seq(highestTaken, 1);
    }
}
