package org.rostersync.sync.internal.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.rostersync.support.DatabaseTestSupport;
import org.rostersync.support.OnPostgres;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The first import of a large district builds the account and event indexes after inserting rather than row by
 * row: the same indexes and constraints come back, a duplicate still fails, and small runs never touch them.
 */
@OnPostgres
class BulkInsertPostgresTests extends DatabaseTestSupport {

    private static final String ACCOUNT = """
            INSERT INTO student_account (district_id, school_id, student_id, username, username_base, username_seq,
                first_name, last_name, grade, row_hash, origin, status, created_at, updated_at)
            VALUES ('springfield', 'lincoln', ?, ?, 'ada', 1, 'Ada', 'Lovelace', '5', 'h', 'IMPORT',
                    'PENDING_ACTIVATION', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)""";

    /** New accounts claimed by a "large" run: above the bulk threshold and above any account count of the tests. */
    private static final long LARGE = 10 * DatabaseDialect.BULK_CREATES;

    @Autowired
    private DatabaseDialect dialect;

    @Autowired
    private PlatformTransactionManager transactions;

    private List<Map<String, Object>> indexes(String table) {
        return jdbc.queryForList("SELECT indexname, indexdef FROM pg_indexes WHERE tablename = ? ORDER BY indexname",
                table);
    }

    private List<Map<String, Object>> constraints() {
        return jdbc.queryForList("""
                SELECT conname, contype, pg_get_constraintdef(oid) AS def FROM pg_constraint
                 WHERE conrelid = CAST('student_account' AS regclass) ORDER BY conname""");
    }

    /** Whether the last insert was told that the indexes are built after it. */
    private Boolean builtAfter;

    private int bulkInsert(long rows, List<String> indexesDuringInsert, String... usernames) {
        return new TransactionTemplate(transactions).execute(status -> dialect.bulkInsert(rows, bulk -> {
            builtAfter = bulk;
            indexes("student_account").forEach(index -> indexesDuringInsert.add((String) index.get("indexname")));
            int written = 0;
            for (int i = 0; i < usernames.length; i++) {
                written += jdbc.update(ACCOUNT, "S" + i, usernames[i]);
            }
            return written;
        }, "student_account", "account_event"));
    }

    @Test
    void aLargeFirstImportBuildsTheSameIndexesAndConstraintsAfterInserting() {
        // given
        List<Map<String, Object>> accountIndexes = indexes("student_account");
        List<Map<String, Object>> eventIndexes = indexes("account_event");
        List<Map<String, Object>> constraints = constraints();
        assertThat(accountIndexes).hasSizeGreaterThanOrEqualTo(6);
        List<String> during = new ArrayList<>();

        // when: a run with as many new accounts as the bulk path needs
        int written = bulkInsert(LARGE, during, "ada", "ada2");

        // then: only the primary key and the partial index of students in a grace window (new accounts add nothing to
        // it) were kept while inserting, and everything is back afterwards
        assertThat(written).isEqualTo(2);
        assertThat(builtAfter).isTrue();
        assertThat(during).containsExactlyInAnyOrder("student_account_pkey", "student_account_missing_since");
        assertThat(indexes("student_account")).isEqualTo(accountIndexes);
        assertThat(indexes("account_event")).isEqualTo(eventIndexes);
        assertThat(constraints()).isEqualTo(constraints);
        assertThat(accountCount()).isEqualTo(2);
        // the unique constraints hold again
        assertThatThrownBy(() -> jdbc.update(ACCOUNT, "S9", "ada")).isInstanceOf(DuplicateKeyException.class);
    }

    @Test
    void aDuplicateStillFailsTheRunAndLeavesEveryIndexInPlace() {
        // given
        List<Map<String, Object>> accountIndexes = indexes("student_account");
        List<Map<String, Object>> constraints = constraints();

        // when / then: the unique constraint refuses the rows when it is built, and the transaction rolls back
        assertThatThrownBy(() -> bulkInsert(LARGE, new ArrayList<>(), "ada", "ada"))
                .isInstanceOf(DuplicateKeyException.class)
                .hasMessageContaining("student_account_username");
        assertThat(accountCount()).isZero();
        assertThat(indexes("student_account")).isEqualTo(accountIndexes);
        assertThat(constraints()).isEqualTo(constraints);
    }

    @Test
    void smallerRunsInsertIntoTheIndexes() {
        // given
        List<Map<String, Object>> accountIndexes = indexes("student_account");
        List<String> during = new ArrayList<>();

        // when
        int written = bulkInsert(DatabaseDialect.BULK_CREATES - 1, during, "ada");

        // then
        assertThat(written).isEqualTo(1);
        assertThat(builtAfter).isFalse();
        assertThat(during).containsExactlyElementsOf(
                accountIndexes.stream().map(index -> (String) index.get("indexname")).toList());
    }
}
