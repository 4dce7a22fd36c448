package org.rostersync.roster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Clever's students.csv read without Spring: header mapping, the Student ID setting, Clever's values. */
class CleverRosterTests {

    static final Set<RosterField> DISTRICT = EnumSet.of(RosterField.SCHOOL_ID, RosterField.STUDENT_ID,
            RosterField.FIRST_NAME, RosterField.LAST_NAME, RosterField.GRADE);

    @TempDir
    Path dir;

    @Test
    void mapsCleverHeadersAndTurnsCleverValuesIntoStandardOnes() {
        // when
        List<RosterLine> lines = new ArrayList<>();
        HeaderMapping mapping;
        try (RosterSource source = RosterSource.open(Path.of("sample-imports/clever-students.csv"),
                RosterFormat.CLEVER, FormatOptions.DEFAULTS, Map.of(), DISTRICT)) {
            mapping = source.mapping();
            for (RosterLine line = source.next(); line != null; line = source.next()) {
                lines.add(line);
            }
        }

        // then
        assertThat(mapping.columns()).containsEntry(RosterField.STUDENT_ID, "Student_id")
                .containsEntry(RosterField.MIDDLE_INITIAL, "Middle_name").containsEntry(RosterField.BIRTH_DATE, "DOB")
                .containsEntry(RosterField.GUARDIAN_EMAIL, "Contact_email")
                .containsEntry(RosterField.REFERENCE_ID, "State_id");
        assertThat(mapping.ignored()).contains("Student_number", "Race", "Password").doesNotContain("Student_id");
        assertThat(lines).hasSize(8);
        RosterLine jose = lines.get(0);
        assertThat(jose.value(RosterField.STUDENT_ID)).isEqualTo("100101");
        assertThat(jose.value(RosterField.MIDDLE_INITIAL)).isEqualTo("A");
        assertThat(jose.value(RosterField.BIRTH_DATE)).isEqualTo("04/12/2017");
        assertThat(jose.value(RosterField.SCHOOL_ID)).isEqualTo("101");
        assertThat(lines.get(1).value(RosterField.GRADE)).isEqualTo("K");
        assertThat(lines.get(2).value(RosterField.GRADE)).isEqualTo("PK");
        assertThat(lines.get(2).value(RosterField.MIDDLE_INITIAL)).isEqualTo("M");
        assertThat(lines).allSatisfy(line -> assertThat(line.problems()).isEmpty());
    }

    @Test
    void studentIdSettingPicksTheCleverColumnAndHeadersMatchInAnyCase() throws IOException {
        // given
        Path file = write("""
                SCHOOL_ID,student_id,STUDENT_NUMBER,state_id,first_name,LAST_NAME,grade
                101,c-1,24-0001,ST1,Ann,Lee,Kindergarten
                """);

        // when
        RosterLine line;
        try (RosterSource source = RosterSource.open(file, RosterFormat.CLEVER,
                new FormatOptions(CleverStudentId.STATE_ID, null), Map.of(), DISTRICT)) {
            line = source.next();
            assertThat(source.mapping().columns()).containsEntry(RosterField.STUDENT_ID, "state_id")
                    .doesNotContainKey(RosterField.REFERENCE_ID);
        }

        // then
        assertThat(line.value(RosterField.STUDENT_ID)).isEqualTo("ST1");
        assertThat(line.value(RosterField.GRADE)).isEqualTo("K");
    }

    @Test
    void feedColumnsWinOverCleverNames() throws IOException {
        // given
        Path file = write("""
                School_id,Student_id,Local_number,First_name,Last_name,Grade
                101,c-1,L-77,Ann,Lee,3
                """);

        // when
        try (RosterSource source = RosterSource.open(file, RosterFormat.CLEVER, FormatOptions.DEFAULTS,
                Map.of("student-id", "Local_number"), DISTRICT)) {
            // then
            assertThat(source.next().value(RosterField.STUDENT_ID)).isEqualTo("L-77");
            assertThat(source.mapping().ignored()).containsExactly("Student_id");
        }
    }

    @Test
    void unknownCleverGradeIsALineProblem() throws IOException {
        // given
        Path file = write("School_id,Student_id,First_name,Last_name,Grade\n101,1,Ann,Lee,Sophomore\n");

        // when
        try (RosterSource source = RosterSource.open(file, RosterFormat.CLEVER, FormatOptions.DEFAULTS, Map.of(),
                DISTRICT)) {
            RosterLine line = source.next();

            // then
            assertThat(line.problems()).singleElement().satisfies(problem -> {
                assertThat(problem.lineNumber()).isEqualTo(2);
                assertThat(problem.column()).isEqualTo("Grade");
                assertThat(problem.reason()).contains("'Sophomore'").contains("Kindergarten");
            });
        }
    }

    @Test
    void missingCleverColumnIsNamedAsCleverNamesIt() throws IOException {
        // given: a district file without School_id and Student_id
        Path file = write("First_name,Last_name,Grade\nAnn,Lee,3\n");

        // then
        assertThatThrownBy(() -> RosterSource.open(file, RosterFormat.CLEVER, FormatOptions.DEFAULTS, Map.of(),
                DISTRICT)).isInstanceOf(RosterFileException.class)
                .hasMessageStartingWith("line 1: required Clever columns School_id, Student_id are missing")
                .hasMessageContaining("students.csv");
    }

    @Test
    void aZipGivenToACsvFeedIsRefusedByItsContent() throws IOException {
        // given
        Path file = dir.resolve("students.csv");
        Files.write(file, new byte[] { 'P', 'K', 3, 4, 0, 0 });

        // then
        assertThatThrownBy(() -> RosterSource.open(file, RosterFormat.CLEVER, FormatOptions.DEFAULTS, Map.of(),
                DISTRICT)).isInstanceOf(RosterFileException.class).hasMessageContaining("zip archive");
    }

    private Path write(String csv) throws IOException {
        Path file = dir.resolve("students.csv");
        Files.writeString(file, csv, StandardCharsets.UTF_8);
        return file;
    }
}
