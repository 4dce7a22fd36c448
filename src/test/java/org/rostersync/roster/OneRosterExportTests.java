package org.rostersync.roster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rostersync.support.ExportZips;

/** OneRoster 1.1 exports read without Spring: manifest modes, orgs, roles, withdrawn students, bad exports. */
class OneRosterExportTests {

    static final Set<RosterField> DISTRICT = EnumSet.of(RosterField.SCHOOL_ID, RosterField.STUDENT_ID,
            RosterField.FIRST_NAME, RosterField.LAST_NAME, RosterField.GRADE);
    static final FormatOptions BY_IDENTIFIER = new FormatOptions(null, OneRosterStudentId.IDENTIFIER);

    static final String ORGS = """
            sourcedId,status,dateLastModified,name,type,identifier,parentSourcedId
            d1,,,Springfield Unified,district,SPU,
            s1,,,Lincoln Elementary,school,101,d1
            s2,,,Nameless School,school,,d1
            """;
    static final String USERS_HEADER = "sourcedId,status,enabledUser,orgSourcedIds,role,givenName,familyName,"
            + "middleName,identifier,email,grades\n";

    @TempDir
    Path dir;

    @Test
    void bulkSampleGivesItsStudentsOnly() throws IOException {
        // given: the sample (with a BOM on users.csv) as an uploaded zip
        Path zip = write(ExportZips.zip(ExportZips.ONEROSTER_SAMPLE));

        // when
        List<RosterLine> lines = new ArrayList<>();
        RosterSource source = RosterSource.open(zip, RosterFormat.ONEROSTER, BY_IDENTIFIER, Map.of(), DISTRICT);
        try (source) {
            for (RosterLine line = source.next(); line != null; line = source.next()) {
                lines.add(line);
            }
        }

        // then: teachers, the guardian, the tobedeleted and the disabled student are left out
        assertThat(source.mode()).isEqualTo(RosterMode.BULK);
        assertThat(lines).extracting(line -> line.value(RosterField.STUDENT_ID)).containsExactly("100101", "100107",
                "100112", "200201", "200207", "300302", "300303", "300304");
        assertThat(lines).allSatisfy(line -> {
            assertThat(line.problems()).isEmpty();
            assertThat(line.withdrawn()).isFalse();
            assertThat(line.fileName()).isEqualTo("users.csv");
        });
        RosterLine jose = lines.get(0);
        assertThat(jose.lineNumber()).isEqualTo(2);
        assertThat(jose.value(RosterField.SCHOOL_ID)).isEqualTo("101");
        assertThat(jose.value(RosterField.MIDDLE_INITIAL)).isEqualTo("A");
        assertThat(jose.value(RosterField.GRADE)).isEqualTo("3");
        assertThat(lines.get(1).value(RosterField.GRADE)).isEqualTo("K");
        assertThat(lines.get(2).value(RosterField.SCHOOL_ID)).as("district org skipped").isEqualTo("101");
        assertThat(source.mapping().columns()).containsEntry(RosterField.STUDENT_ID, "identifier")
                .containsEntry(RosterField.SCHOOL_ID, "orgSourcedIds").containsEntry(RosterField.FIRST_NAME, "givenName");
        assertThat(source.mapping().ignored()).contains("sourcedId", "username", "password")
                .doesNotContain("role", "status", "enabledUser");
        assertThat(source.recordsRead()).isEqualTo(13);
    }

    @Test
    void aFolderReadsLikeAZipAndSourcedIdIsTheDefaultStudentId() {
        try (RosterSource source = RosterSource.open(ExportZips.ONEROSTER_SAMPLE, RosterFormat.ONEROSTER,
                FormatOptions.DEFAULTS, Map.of(), DISTRICT)) {
            assertThat(source.next().value(RosterField.STUDENT_ID)).isEqualTo("5c1d7a40-1001-4e0a-9b00-000000100101");
        }
    }

    @Test
    void deltaReturnsWithdrawnStudentsByTheirIdOnly() throws IOException {
        // given
        Path zip = write(ExportZips.zip(Map.of("manifest.csv", ExportZips.manifest("delta"), "orgs.csv", ORGS,
                "users.csv", USERS_HEADER + """
                        u1,active,true,s1,student,Ann,Lee,,1001,,03
                        u2,tobedeleted,true,s1,student,Bo,Chen,,1002,,04
                        u3,,false,s1,student,Cy,Diaz,,1003,,05
                        """)));

        // when
        try (RosterSource source = RosterSource.open(zip, RosterFormat.ONEROSTER, BY_IDENTIFIER, Map.of(),
                DISTRICT)) {
            RosterLine changed = source.next();
            RosterLine deleted = source.next();
            RosterLine disabled = source.next();

            // then
            assertThat(source.mode()).isEqualTo(RosterMode.DELTA);
            assertThat(changed.withdrawn()).isFalse();
            assertThat(deleted.withdrawn()).isTrue();
            assertThat(deleted.values()).containsExactly(Map.entry(RosterField.STUDENT_ID, "1002"));
            assertThat(disabled.withdrawn()).isTrue();
            assertThat(source.next()).isNull();
        }
    }

    @Test
    void restartSkipsRecordsAlreadyReadWhateverTheirRole() throws IOException {
        // given: a run read 7 records (one of them a tobedeleted student the bulk file leaves out), then stopped
        Path zip = write(ExportZips.zip(ExportZips.ONEROSTER_SAMPLE));

        // when
        try (RosterSource source = RosterSource.open(zip, RosterFormat.ONEROSTER, BY_IDENTIFIER, Map.of(),
                DISTRICT)) {
            source.skip(7);

            // then
            assertThat(source.next().value(RosterField.STUDENT_ID)).isEqualTo("300303");
            assertThat(source.recordsRead()).isEqualTo(8);
        }
    }

    @Test
    void absentUsersMeanNoStudentsAndNoUsersFileNeeded() throws IOException {
        Path zip = write(ExportZips.zip(Map.of("manifest.csv", ExportZips.manifest("absent"))));
        try (RosterSource source = RosterSource.open(zip, RosterFormat.ONEROSTER, BY_IDENTIFIER, Map.of(),
                DISTRICT)) {
            assertThat(source.mode()).isEqualTo(RosterMode.ABSENT);
            assertThat(source.next()).isNull();
        }
    }

    @Test
    void badRowsGetProblemsNamingTheColumn() throws IOException {
        // given
        Path zip = write(ExportZips.zip(Map.of("manifest.csv", ExportZips.manifest("bulk"), "orgs.csv", ORGS,
                "users.csv", USERS_HEADER + """
                        u1,,true,s9,student,Ann,Lee,,1001,,03
                        u2,,true,s1,pupil,Bo,Chen,,1002,,04
                        u3,,true,d1,student,Cy,Diaz,,1003,,05
                        u4,,true,s2,student,Di,Evans,,1004,,05
                        u5,,true,s1,student,Ed,Fox,,1005,,Year 5
                        """)));

        // when
        List<RosterLine> lines = new ArrayList<>();
        try (RosterSource source = RosterSource.open(zip, RosterFormat.ONEROSTER, BY_IDENTIFIER, Map.of(),
                DISTRICT)) {
            for (RosterLine line = source.next(); line != null; line = source.next()) {
                lines.add(line);
            }
        }

        // then
        assertThat(lines).extracting(line -> line.problems().get(0).column() + " @" + line.lineNumber())
                .containsExactly("orgSourcedIds @2", "role @3", "orgSourcedIds @4", "orgSourcedIds @5", "grades @6");
        assertThat(lines.get(0).problems().get(0).reason()).contains("'s9'").contains("orgs.csv");
        assertThat(lines.get(1).problems().get(0).reason()).contains("'pupil'").contains("student");
        assertThat(lines.get(2).problems().get(0).reason()).contains("no org of type school").contains("district");
        assertThat(lines.get(3).problems().get(0).reason()).contains("'s2'").contains("orgs.csv line 4")
                .contains("identifier");
    }

    @Test
    void aRowWhoseValuesMovedIsRejectedAndKeepsItsStudentsWhateverItsRoleColumnSays() throws IOException {
        // given: a stray delimiter in each row (u1: orgs and role joined by '|'; u2: a comma inside the family name
        // moves the role of a teacher's row; u3: the same in a student's row, whose role column still says student;
        // u4: a delta file's withdrawal whose values moved)
        Path zip = write(ExportZips.zip(Map.of("manifest.csv", ExportZips.manifest("delta"), "orgs.csv", ORGS,
                "users.csv", USERS_HEADER + """
                        u1,,true,s1|student,Ann,Lee,,1001,,03
                        u2,,true,s1,teacher,Ms,Tea,cher,,,,
                        t1,,true,s1,teacher,Bo,Chen,,1002,,04,student
                        u3,,true,s1,student,Cy,Diaz,Jr,,1003,,05
                        u4,tobedeleted,true,s1,student,Di,Evans,,,1004,,05
                        """)));

        // when
        List<RosterLine> lines = new ArrayList<>();
        try (RosterSource source = open(zip)) {
            for (RosterLine line = source.next(); line != null; line = source.next()) {
                lines.add(line);
            }
        }

        // then: the teacher's row (no cell says student) is left out; every other row is rejected or left for the
        // row validator's count check, never withdrawn, and keeps every value that may be its student's ID
        assertThat(lines).extracting(RosterLine::lineNumber).containsExactly(2L, 4L, 5L, 6L);
        assertThat(lines.get(0).problems()).singleElement().satisfies(p -> assertThat(p.reason())
                .contains("role 'Ann'").contains("the row has 10 values but the header has 11 columns")
                .contains("remove the extra delimiter"));
        assertThat(lines.get(0).possibleIds()).contains("u1", "1001");
        assertThat(lines.get(1).problems()).singleElement().satisfies(p -> assertThat(p.reason())
                .contains("the role cannot be read"));
        assertThat(lines.get(1).possibleIds()).contains("t1", "1002");
        assertThat(lines.get(2).valueCount()).isEqualTo(12);
        assertThat(lines.get(2).possibleIds()).contains("u3", "1003");
        assertThat(lines.get(3).withdrawn()).isFalse();
        assertThat(lines.get(3).possibleIds()).contains("u4", "1004");
    }

    @Test
    void badExportsFailNamingTheFileAndLine() throws IOException {
        assertThatThrownBy(() -> open(write("Student ID,First Name\n1,Ann\n".getBytes())))
                .hasMessageContaining("not a zip archive");
        assertThatThrownBy(() -> open(write(new byte[] { 'P', 'K', 3, 4, 9, 9, 9 })))
                .hasMessageContaining("zip archive is damaged");
        assertThatThrownBy(() -> open(write(ExportZips.zip(Map.of("users.csv", USERS_HEADER)))))
                .hasMessageContaining("no manifest.csv");
        assertThatThrownBy(() -> open(write(ExportZips.zip(Map.of("manifest.csv", ExportZips.manifest("bulk"),
                "orgs.csv", ORGS)))))
                .hasMessageContaining("file.users is bulk").hasMessageContaining("no users.csv");
        assertThatThrownBy(() -> open(write(ExportZips.zip(Map.of("manifest.csv", ExportZips.manifest("sometimes"),
                "orgs.csv", ORGS, "users.csv", USERS_HEADER)))))
                .hasMessageContaining("manifest.csv line 5: file.users is 'sometimes'");
        assertThatThrownBy(() -> open(write(ExportZips.zip(Map.of("manifest.csv", ExportZips.manifest("bulk"),
                "orgs.csv", ORGS, "users.csv", "sourcedId,role,identifier,familyName,grades,orgSourcedIds\n")))))
                .hasMessageStartingWith("users.csv line 1: required column givenName is missing");
    }

    @Test
    void aLineNumberIsTheLineTheRecordStartsOnAfterABlankLine() throws IOException {
        // given: a blank line (line 3) before u2's row, which starts on line 4
        Path zip = write(ExportZips.zip(Map.of("manifest.csv", ExportZips.manifest("bulk"), "orgs.csv", ORGS,
                "users.csv", USERS_HEADER + """
                        u1,,true,s1,student,Ann,Lee,,1001,,03

                        u2,,true,s9,student,Bo,Chen,,1002,,04
                        """)));

        // when
        List<RosterLine> lines = new ArrayList<>();
        try (RosterSource source = open(zip)) {
            for (RosterLine line = source.next(); line != null; line = source.next()) {
                lines.add(line);
            }
        }

        // then
        assertThat(lines).extracting(RosterLine::lineNumber).containsExactly(2L, 4L);
        assertThat(lines.get(1).problems()).singleElement().satisfies(p -> assertThat(p.lineNumber()).isEqualTo(4L));
    }

    private RosterSource open(Path file) {
        return RosterSource.open(file, RosterFormat.ONEROSTER, BY_IDENTIFIER, Map.of(), DISTRICT);
    }

    private Path write(byte[] content) throws IOException {
        Path file = Files.createTempFile(dir, "upload", ".csv");
        Files.write(file, content);
        return file;
    }
}
