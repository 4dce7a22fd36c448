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

/** How a STANDARD file's records become lines: their line numbers, cells around quotes, rows that are not rows. */
class RosterFileReaderTests {

    private static final Set<RosterField> REQUIRED = EnumSet.of(RosterField.STUDENT_ID, RosterField.FIRST_NAME,
            RosterField.LAST_NAME, RosterField.GRADE);
    private static final String HEADER = "Student ID,First Name,Last Name,Grade\r\n";

    @TempDir
    Path dir;

    @Test
    void aLineNumberIsTheLineTheRecordStartsOnAfterBlankLinesAndLineBreaksInQuotes() throws IOException {
        List<RosterLine> lines = read(HEADER + "1,Ann,Lee,3\r\n\r\n2,Bo,Chen,3\r\n3,\"Cy\r\nX\",Diaz,3\r\n\n\n4,Di,Eve,3");

        assertThat(lines).extracting(RosterLine::lineNumber).containsExactly(2L, 4L, 5L, 9L);
        assertThat(lines).extracting(l -> l.value(RosterField.STUDENT_ID)).containsExactly("1", "2", "3", "4");
    }

    @Test
    void rowsOfEmptyCellsAreNotStudents() throws IOException {
        try (RosterFileReader reader = open(HEADER + "1,Ann,Lee,3\r\n,,,\r\n   \r\n , ,,\r\n")) {
            assertThat(reader.next().value(RosterField.STUDENT_ID)).isEqualTo("1");
            assertThat(reader.next()).isNull();
            assertThat(reader.recordsRead()).as("every record counts, so a restart skips the same ones").isEqualTo(4);
        }
    }

    @Test
    void anEmptyFileNamesTheHeaderOfItsKind() throws IOException {
        Path empty = Files.writeString(dir.resolve("empty.csv"), "");

        assertThatThrownBy(() -> RosterFileReader.open(empty, Map.of(), REQUIRED, RosterLimits.DEFAULTS))
                .hasMessageContaining("line 1: the file is empty").hasMessageContaining("Student ID,First Name");
        assertThatThrownBy(() -> RosterFileReader.open(empty, Map.of(), EnumSet.of(RosterField.STAFF_ID),
                RosterLimits.DEFAULTS, RosterField.STAFF_FIELDS))
                .hasMessageContaining("line 1: the file is empty")
                .hasMessageContaining("School ID,Staff ID,First Name,Last Name,Email,Role");
    }

    @Test
    void noBreakSpacesAroundAValueAndInAHeaderNameAreSpacesToo() throws IOException {
        // a table pasted into Excel from a web page or a PDF keeps its &nbsp; (U+00A0), also in the header
        List<RosterLine> lines = read("Student\u00A0ID,First\u00A0Name,Last Name,Grade\u202F\r\n"
                + "1001\u00A0,\u00A0Ann,Lee\u2007,\u00A03\u00A0\r\n");

        assertThat(lines).singleElement().satisfies(line -> {
            assertThat(line.value(RosterField.STUDENT_ID)).isEqualTo("1001");
            assertThat(line.value(RosterField.FIRST_NAME)).isEqualTo("Ann");
            assertThat(line.value(RosterField.LAST_NAME)).isEqualTo("Lee");
            assertThat(line.value(RosterField.GRADE)).isEqualTo("3");
            assertThat(line.problems()).isEmpty();
        });
    }

    @Test
    void aQuotedValueAfterASpaceIsReadAsQuoted() throws IOException {
        List<RosterLine> lines = read(HEADER + "1, \"Ann\",Lee,3\r\n2,Bo, \"Chen, Jr\" ,3\r\n");

        assertThat(lines.get(0).value(RosterField.FIRST_NAME)).isEqualTo("Ann");
        assertThat(lines.get(1).value(RosterField.LAST_NAME)).isEqualTo("Chen, Jr");
        assertThat(lines.get(1).valueCount()).isEqualTo(4);
    }

    @Test
    void aNulCharacterRejectsTheRowNamingItsLineAndColumn() throws IOException {
        Path file = dir.resolve("nul.csv");
        Files.write(file, ("\uFEFF" + HEADER + "1,Ann,Lee,3\r\n2,B\0o,Chen,3\r\n3\0,Cy,Diaz,3\r\n")
                .getBytes(StandardCharsets.UTF_8));
        List<RosterLine> lines = new ArrayList<>();
        try (RosterFileReader reader = RosterFileReader.open(file, Map.of(), REQUIRED)) {
            for (RosterLine line = reader.next(); line != null; line = reader.next()) {
                lines.add(line);
            }
        }

        assertThat(lines.get(0).problems()).isEmpty();
        assertThat(lines.get(1).problems()).singleElement().satisfies(problem -> {
            assertThat(problem.lineNumber()).isEqualTo(3);
            assertThat(problem.column()).isEqualTo("First Name");
            assertThat(problem.reason()).contains("NUL character", "CSV UTF-8");
        });
        assertThat(lines.get(1).value(RosterField.FIRST_NAME)).as("never sent to the database").isNull();
        assertThat(lines.get(2).problems()).singleElement().satisfies(p -> assertThat(p.column()).isEqualTo("Student ID"));
        assertThat(lines.get(2).value(RosterField.STUDENT_ID)).as("the rejection still names the student")
                .isEqualTo("3");
    }

    @Test
    void aControlCharacterWhereADelimiterWasKeepsBothValuesItMayHaveJoined() throws IOException {
        // given: a tab and a bell where the commas after two Student IDs were, and a stray quote after a third; each
        // row still has five cells
        List<RosterLine> lines = read(HEADER.replace("Grade", "Grade,Home Room")
                + "L10010\t5,Ann,Lee,3,Room 9\r\nL10011\u00073,Bo,Chen,3,Room 9\r\nL10012\",Cy,Diaz,3,Room 9\r\n");

        // then: each row is rejected, and every value it may hold is a Student ID never taken for missing
        assertThat(lines).allSatisfy(line -> assertThat(line.problems()).singleElement()
                .satisfies(p -> assertThat(p.column()).isEqualTo("Student ID")));
        assertThat(lines.get(0).possibleIds()).contains("L10010", "5");
        assertThat(lines.get(1).possibleIds()).contains("L10011", "3");
        assertThat(lines.get(2).problems().get(0).reason()).contains("double quote");
        assertThat(lines.get(2).possibleIds()).contains("L10012");
    }

    @Test
    void aShortRowIsToldToGiveEveryColumnAValue() throws IOException {
        String header = "Student ID,First Name,Last Name,Grade,Home Room\r\n";
        try (RosterFileReader reader = open(header + "1,Ann,Lee,3\r\n1,Ann,Lee,3,12,x\r\n")) {
            RowValidator.Result shortRow = RowValidator.validate(reader.next(), reader.mapping());
            RowValidator.Result longRow = RowValidator.validate(reader.next(), reader.mapping());

            assertThat(shortRow.problems()).singleElement().satisfies(p -> assertThat(p.reason())
                    .contains("4 values but the header has 5 columns", "an empty one between commas"));
            assertThat(longRow.problems()).singleElement().satisfies(p -> assertThat(p.reason())
                    .contains("6 values", "put quotes around values that contain commas"));
        }
    }

    @Test
    void aFileWithoutItsHeaderRowFailsWithoutRepeatingTheStudentInItsFirstLine() {
        assertThatThrownBy(() -> open("4001,Zelda,Quixote,6,2014-05-01\r\n4002,Ann,Lee,6,2014-02-03\r\n"))
                .isInstanceOf(RosterFileException.class)
                .hasMessageContaining("required columns Student ID, First Name, Last Name, Grade are missing")
                .hasMessageContaining("looks like a student's row", "export includes its header row")
                .hasMessageNotContaining("Zelda").hasMessageNotContaining("4001");
        assertThatThrownBy(() -> open("ID,Given,Family,Level\r\n1,Ann,Lee,3\r\n"))
                .hasMessageContaining("the header has \"ID,Given,Family,Level\"");
    }

    @Test
    void aQuoteThatIsNotDoubledIsExplainedWithItsFix() {
        assertThatThrownBy(() -> read(HEADER + "1,Ann,Lee,3\r\n2,\"Bo\"b,Chen,3\r\n"))
                .isInstanceOf(RosterFileException.class)
                .hasMessageContaining("line 3")
                .hasMessageContaining("a quote inside a quoted value is not doubled");
    }

    @Test
    void aNulCharacterInAFileWithoutByteOrderMarkRejectsOnlyItsRow() throws IOException {
        List<RosterLine> lines = read(HEADER + "1,Ann,Lee,3\r\n2,B\0o,Chen,3\r\n");

        assertThat(lines).hasSize(2);
        assertThat(lines.get(1).problems()).singleElement()
                .satisfies(p -> assertThat(p.reason()).contains("NUL character"));
    }

    @Test
    void aUtf16FileOneByteOutOfStepIsRefusedNamingTheLineWhereItStartsAndNamesWithCjkAreRead() throws IOException {
        // given: Excel's "Unicode text" (UTF-16LE with its mark) with Chinese and Japanese names, then a byte lost at
        // the start of line 4 (a transfer in text mode), which turns the rest into characters of other scripts
        String text = "\uFEFF" + HEADER + "1,\u4E00\u90CE,\u5C71\u7530,3\r\n2,\u738B\u4E00,\u674E,3\r\n"
                + "3,Cy,Diaz,3\r\n4,Di,Evans,3\r\n5,Ed,Orr,3\r\n";
        byte[] good = text.getBytes(StandardCharsets.UTF_16LE);
        Path file = dir.resolve("unicode.txt");
        Files.write(file, good);
        try (RosterFileReader reader = RosterFileReader.open(file, Map.of(), REQUIRED)) {
            assertThat(reader.next().value(RosterField.FIRST_NAME)).isEqualTo("\u4E00\u90CE");
        }
        int lineFour = ("\uFEFF" + HEADER + "1,\u4E00\u90CE,\u5C71\u7530,3\r\n2,\u738B\u4E00,\u674E,3\r\n")
                .getBytes(StandardCharsets.UTF_16LE).length;
        byte[] shifted = new byte[good.length - 1];
        System.arraycopy(good, 0, shifted, 0, lineFour);
        System.arraycopy(good, lineFour + 1, shifted, lineFour, good.length - lineFour - 1);
        Files.write(file, shifted);

        // then
        assertThatThrownBy(() -> RosterFileReader.open(file, Map.of(), REQUIRED))
                .isInstanceOf(RosterFileException.class)
                .hasMessageStartingWith("line 4: the UTF-16LE text of the file is out of step")
                .hasMessageContaining("binary mode");
    }

    @Test
    void aBadByteInAUtf8FileWithByteOrderMarkIsReportedOnItsLine() throws IOException {
        Path file = dir.resolve("bad.csv");
        StringBuilder rows = new StringBuilder("\uFEFF" + HEADER);
        for (int i = 1; i <= 100; i++) {
            rows.append(i).append(",Ann,Lee,3\r\n");
        }
        byte[] good = rows.toString().getBytes(StandardCharsets.UTF_8);
        byte[] bad = "101,B\u00f6,Chen,3\r\n".getBytes(StandardCharsets.ISO_8859_1); // line 102: 0xF6 is not UTF-8
        byte[] content = java.util.Arrays.copyOf(good, good.length + bad.length);
        System.arraycopy(bad, 0, content, good.length, bad.length);
        Files.write(file, content);

        assertThatThrownBy(() -> {
            try (RosterFileReader reader = RosterFileReader.open(file, Map.of(), REQUIRED)) {
                while (reader.next() != null) {
                    // read to the end
                }
            }
        }).isInstanceOf(RosterFileException.class).hasMessageStartingWith("line 102:");
    }

    @Test
    void tabSeparatedUnicodeTextKeepsEmptyCells() throws IOException {
        Path file = dir.resolve("unicode.txt");
        String text = "\uFEFFStudent ID\tFirst Name\tMiddle Initial\tLast Name\tGrade\r\n1\tAnn\t\tLee\t3\r\n"
                + "2\t Bo \t\t\t3\r\n";
        Files.write(file, text.getBytes(StandardCharsets.UTF_16LE));
        List<RosterLine> lines = new ArrayList<>();
        try (RosterFileReader reader = RosterFileReader.open(file, Map.of(), REQUIRED)) {
            assertThat(reader.delimiter()).isEqualTo('\t');
            for (RosterLine line = reader.next(); line != null; line = reader.next()) {
                lines.add(line);
            }
        }
        assertThat(lines).extracting(RosterLine::valueCount).containsExactly(5, 5);
        assertThat(lines.get(0).value(RosterField.LAST_NAME)).isEqualTo("Lee");
        assertThat(lines.get(1).value(RosterField.FIRST_NAME)).isEqualTo("Bo");
    }

    @Test
    void aHeaderWithAMisspeltColumnIsQuotedEvenWithADigitOrAGradeWordInAnotherName() {
        assertThatThrownBy(() -> open("Student ID,Frist Name,Last Name,Grade,Address 2\r\n1,Ann,Lee,3,x\r\n"))
                .isInstanceOf(RosterFileException.class)
                .hasMessageContaining("the header has \"Student ID,Frist Name,Last Name,Grade,Address 2\"");
        assertThatThrownBy(() -> open("Student ID,Frist Name,Last Name,Grade,Other\r\n1,Ann,Lee,3,x\r\n"))
                .hasMessageContaining("the header has \"Student ID,Frist Name,Last Name,Grade,Other\"");
    }

    @Test
    void aFileWithoutItsHeaderRowAndLettersInItsStudentIdsDoesNotRepeatTheStudent() {
        assertThatThrownBy(() -> open("S4001,Zelda,Quixote,K\r\nS4002,Ann,Lee,K\r\n"))
                .isInstanceOf(RosterFileException.class)
                .hasMessageContaining("required columns Student ID, First Name, Last Name, Grade are missing")
                .hasMessageNotContaining("Zelda").hasMessageNotContaining("S4001");
    }

    private List<RosterLine> read(String content) throws IOException {
        List<RosterLine> lines = new ArrayList<>();
        try (RosterFileReader reader = open(content)) {
            for (RosterLine line = reader.next(); line != null; line = reader.next()) {
                lines.add(line);
            }
        }
        return lines;
    }

    private RosterFileReader open(String content) throws IOException {
        Path file = Files.createTempFile(dir, "roster", ".csv");
        Files.writeString(file, content, StandardCharsets.UTF_8);
        return RosterFileReader.open(file, Map.of(), REQUIRED);
    }
}
