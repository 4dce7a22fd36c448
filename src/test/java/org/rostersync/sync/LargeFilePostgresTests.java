package org.rostersync.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.rostersync.support.OnPostgres;

@OnPostgres
class LargeFilePostgresTests extends LargeFileTests {

    private static final String[] SCHOOLS = { "101", "102", "103", "104" };

    private List<Map<String, Object>> accountIndexes() {
        return jdbc.queryForList(
                "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'student_account' ORDER BY indexname");
    }

    @Test
    void aDistrictsFirstLargeImportStoresEachSchoolTogetherAndKeepsEveryIndex() {
        // given: 100,000 students of four schools, interleaved line by line, many sharing a name
        int students = 100_000;
        StringBuilder csv = new StringBuilder("School ID,Student ID,First Name,Last Name,Grade\n");
        for (int i = 0; i < students; i++) {
            int name = i % 50;
            csv.append(SCHOOLS[i % SCHOOLS.length]).append(',').append(500_000 + i).append(",Zoë,Núñez-")
                    .append((char) ('a' + name % 25)).append((char) ('a' + name / 25)).append(',')
                    .append(i % 12 + 1).append('\n');
        }
        List<Map<String, Object>> indexes = accountIndexes();

        // when
        ImportRun run = importFile("springfield-district", csv.toString().getBytes(StandardCharsets.UTF_8), false,
                false);

        // then: everyone created, usernames numbered per name, and the indexes are all back
        assertThat(run.status()).as(run.message()).isEqualTo(RunStatus.COMPLETED);
        assertThat(run.counts().created()).isEqualTo(students);
        assertThat(accountIndexes()).isEqualTo(indexes);
        assertThat(jdbc.queryForObject("SELECT COUNT(DISTINCT username) FROM student_account", Integer.class))
                .isEqualTo(students);
        assertThat(jdbc.queryForObject("SELECT MAX(username_seq) FROM student_account", Integer.class))
                .isEqualTo(students / 50);
        assertThat(account("500000")).containsEntry("school_id", "lincoln").containsEntry("username", "zoe.nunezaa");
        assertThat(account("500050")).containsEntry("username", "zoe.nunezaa2");
        // each school's accounts lie together in the table: three changes of school in storage order
        assertThat(jdbc.queryForObject("""
                SELECT COUNT(*) FROM (SELECT school_id, LAG(school_id) OVER (ORDER BY ctid) AS previous
                                        FROM student_account) t
                 WHERE t.previous IS NOT NULL AND t.previous <> t.school_id""", Integer.class)).isEqualTo(3);
        // a later school file finds them through the rebuilt indexes like any other
        ImportRun nightly = importFile("lincoln-upload",
                "Student ID,First Name,Last Name,Grade\n500000,Zoë,Núñez-aa,2\n");
        assertThat(nightly.status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(nightly.counts().updated()).isEqualTo(1);
    }
}
