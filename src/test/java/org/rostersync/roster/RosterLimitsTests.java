package org.rostersync.roster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rostersync.support.ExportZips;
import org.rostersync.support.RunOnRoster;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.util.unit.DataSize;

/** Hostile files read without Spring: records that run on past the limit, zip bombs, archives of too many files. */
class RosterLimitsTests {

    private static final Set<RosterField> REQUIRED = EnumSet.of(RosterField.STUDENT_ID, RosterField.FIRST_NAME,
            RosterField.LAST_NAME, RosterField.GRADE);
    private static final RosterEncoding UTF_8 = new RosterEncoding(StandardCharsets.UTF_8, 0, false);
    private static final long HOSTILE_SIZE = 150L * 1024 * 1024;
    private static final String USERS_HEADER = "sourcedId,status,enabledUser,orgSourcedIds,role,givenName,familyName,"
            + "middleName,identifier,email,grades\n";

    @TempDir
    Path dir;

    @Test
    void aQuoteLeftOpenOnLine3FailsNamingTheLineAfterReadingLittleMoreThanTheLimitOf150Mb() throws IOException {
        // given: 150 MB whose third line opens a quote that is never closed
        RunOnRoster file = new RunOnRoster("Student ID,First Name,Last Name,Grade\n1001,Ann,Lee,3\n1002,\"Bo,Chen,3\n",
                HOSTILE_SIZE);
        RosterLimits limits = RosterLimits.DEFAULTS;

        // when
        RosterFileReader reader = RosterFileReader.read(file, UTF_8, Map.of(), REQUIRED, limits);
        RosterLine first = reader.next();

        // then: the row before it is read, the record is refused once past 64 KiB, and little more than that was read
        assertThat(first.value(RosterField.STUDENT_ID)).isEqualTo("1001");
        assertThatThrownBy(reader::next).isInstanceOf(RosterFileException.class)
                .hasMessageStartingWith("line 3: a quoted value opened in the row that starts on this line")
                .hasMessageContaining("65,536 characters (rostersync.max-record-length)")
                .hasMessageContaining("unclosed quote on line 3");
        assertThat(file.bytesRead()).as("bytes read of %s", HOSTILE_SIZE)
                .isGreaterThan(limits.recordLength())
                .isLessThan(limits.recordLength() + 200 * 1024);
        reader.close();
    }

    @Test
    void aSmallerLimitStopsTheSameFileSooner() throws IOException {
        // given
        RunOnRoster file = new RunOnRoster("Student ID,First Name,Last Name,Grade\n1001,Ann,Lee,3\n1002,\"Bo,Chen,3\n",
                HOSTILE_SIZE);
        RosterLimits limits = new RosterLimits(DataSize.ofKilobytes(4), RosterLimits.DEFAULTS.zip());

        // when
        RosterFileReader reader = RosterFileReader.read(file, UTF_8, Map.of(), REQUIRED, limits);

        // then
        assertThat(reader.next().lineNumber()).isEqualTo(2);
        assertThatThrownBy(reader::next).hasMessageStartingWith("line 3: ").hasMessageContaining("4,096 characters");
        assertThat(file.bytesRead()).isLessThan(4096 + 200 * 1024);
        reader.close();
    }

    @Test
    void aLongRecordUnderTheLimitAndLiteralQuotesInsideValuesAreRead() throws IOException {
        // given: a Home Room of 60,000 characters over several lines, quotes inside unquoted values (read literally by
        // the parser, so they open nothing), a doubled quote, and rows after them
        String room = ("Room 12, the long way round\n").repeat(2_200).substring(0, 60_000);
        String csv = "Student ID,First Name,Last Name,Grade,Home Room\r\n"
                + "1,Ann,Lee,3,\"" + room + "\"\r\n"
                + "2,Bo 5'10\",Chen,3,Room \"A\r\n"
                + "\r\n"
                + "3,Cy,\"Diaz \"\"Jr\"\"\",3,B\r\n"
                + ("4,Di,Eve,3," + "x".repeat(1_000) + "\r\n").repeat(200);

        // when
        List<RosterLine> lines = readAll(csv, RosterLimits.DEFAULTS);

        // then
        assertThat(lines).hasSize(203);
        assertThat(lines.get(0).value(RosterField.HOME_ROOM)).isEqualTo(room);
        assertThat(lines).extracting(RosterLine::lineNumber).startsWith(2L, 2_145L, 2_147L, 2_148L);
        assertThat(lines.get(1).value(RosterField.FIRST_NAME)).isEqualTo("Bo 5'10\"");
        assertThat(lines.get(2).value(RosterField.LAST_NAME)).isEqualTo("Diaz \"Jr\"");
    }

    @Test
    void aRowLongerThanTheLimitWithoutQuotesFailsNamingItsLine() {
        // given: a limit of 1 KB and line 4 of 2,000 characters, after a record over two lines and a blank line
        String csv = "Student ID,First Name,Last Name,Grade\r\n1,\"Ann\r\nMarie\",Lee,3\r\n\r\n2,Bo,"
                + "C".repeat(2_000) + ",3\r\n";
        RosterLimits limits = new RosterLimits(DataSize.ofKilobytes(1), RosterLimits.DEFAULTS.zip());

        // when / then
        assertThatThrownBy(() -> readAll(csv, limits)).isInstanceOf(RosterFileException.class)
                .hasMessageStartingWith("line 5: the row that starts on this line is longer than 1,024 characters")
                .hasMessageContaining("unclosed quote");
    }

    @Test
    void aHeaderLongerThanTheLimitFailsOnLine1() {
        // given
        String csv = "Student ID,First Name,Last Name,Grade," + "Extra,".repeat(400) + "\n1,Ann,Lee,3\n";
        RosterLimits limits = new RosterLimits(DataSize.ofKilobytes(1), RosterLimits.DEFAULTS.zip());

        // when / then
        assertThatThrownBy(() -> readAll(csv, limits)).isInstanceOf(RosterFileException.class)
                .hasMessageStartingWith("line 1: ");
    }

    @Test
    void aOneRosterUsersFileWithAQuoteLeftOpenFailsNamingTheFileAndLine() throws IOException {
        // given: users.csv opens a quote on line 3 and runs on for 2 MB
        String head = USERS_HEADER + "u1,,,s1,student,Ann,Lee,,1001,,03\nu2,,,s1,student,\"Bo,Chen,,1002,,03\n";
        Path zip = zip(Map.of("manifest.csv", ExportZips.manifest("bulk").getBytes(StandardCharsets.UTF_8),
                "orgs.csv", "sourcedId,type,identifier\ns1,school,101\n".getBytes(StandardCharsets.UTF_8),
                "users.csv", new RunOnRoster(head, 2 * 1024 * 1024).readAllBytes()), ZipEntry.DEFLATED);

        // when
        RosterSource source = RosterSource.open(zip, RosterFormat.ONEROSTER, OneRosterExportTests.BY_IDENTIFIER,
                Map.of(), OneRosterExportTests.DISTRICT, RosterLimits.DEFAULTS);

        // then
        assertThat(source.next().value(RosterField.STUDENT_ID)).isEqualTo("1001");
        assertThatThrownBy(source::next).isInstanceOf(RosterFileException.class)
                .hasMessageStartingWith("users.csv line 3: a quoted value").hasMessageContaining("unclosed quote");
        source.close();
    }

    @Test
    void aCleverFileWithAQuoteLeftOpenFailsNamingTheLine() throws IOException {
        // given: students.csv opens a quote on line 3 and runs on for 1 MB
        Path file = dir.resolve("students.csv");
        try (InputStream in = new RunOnRoster("School_id,Student_id,First_name,Last_name,Grade\n"
                + "101,1001,Ann,Lee,3\n101,1002,\"Bo,Chen,3\n", 1024 * 1024)) {
            Files.copy(in, file);
        }

        // when
        RosterSource source = RosterSource.open(file, RosterFormat.CLEVER, FormatOptions.DEFAULTS, Map.of(),
                REQUIRED, RosterLimits.DEFAULTS);

        // then
        assertThat(source.next().value(RosterField.STUDENT_ID)).isEqualTo("1001");
        assertThatThrownBy(source::next).isInstanceOf(RosterFileException.class)
                .hasMessageStartingWith("line 3: a quoted value").hasMessageContaining("unclosed quote on line 3");
        source.close();
    }

    @Test
    void aZipBombMemberFailsNamingTheMemberOnceItInflatesPastTheRatio() throws IOException {
        // given: users.csv of 200 MB of empty lines, a few hundred kilobytes compressed
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream out = new ZipOutputStream(bytes)) {
            add(out, "manifest.csv", ExportZips.manifest("bulk").getBytes(StandardCharsets.UTF_8), ZipEntry.DEFLATED);
            add(out, "orgs.csv", "sourcedId,type,identifier\ns1,school,101\n".getBytes(StandardCharsets.UTF_8),
                    ZipEntry.DEFLATED);
            out.putNextEntry(new ZipEntry("export/users.csv"));
            out.write(USERS_HEADER.getBytes(StandardCharsets.UTF_8));
            byte[] empty = new byte[1024 * 1024];
            java.util.Arrays.fill(empty, (byte) '\n');
            for (int i = 0; i < 200; i++) {
                out.write(empty);
            }
            out.closeEntry();
        }
        Path zip = Files.write(dir.resolve("bomb.zip"), bytes.toByteArray());

        // when / then
        assertThatThrownBy(() -> openAndReadAll(zip, RosterLimits.DEFAULTS)).isInstanceOf(RosterFileException.class)
                .hasMessageStartingWith("the export's member 'export/users.csv' inflates to more than 100 times its"
                        + " compressed size")
                .hasMessageContaining("rostersync.zip.max-ratio");
    }

    @Test
    void anArchiveOfMoreThan50EntriesFailsSayingHowManyItHolds() throws IOException {
        // given: the export and 57 more files
        Map<String, byte[]> files = sampleExport();
        for (int i = 0; i < 57; i++) {
            files.put("extra/file" + i + ".csv", "a,b\n".getBytes(StandardCharsets.UTF_8));
        }
        Path zip = zip(files, ZipEntry.DEFLATED);

        // when / then
        assertThatThrownBy(() -> openAndReadAll(zip, RosterLimits.DEFAULTS)).isInstanceOf(RosterFileException.class)
                .hasMessageStartingWith("the zip archive holds 60 entries (files and folders), more than the 50")
                .hasMessageContaining("rostersync.zip.max-members");
    }

    @Test
    void anArchiveWhoseEndRecordUnderstatesItsEntriesIsCountedOnWhatItHolds() throws IOException {
        // given: 60 entries, the end record claiming 3
        Map<String, byte[]> files = sampleExport();
        for (int i = 0; i < 57; i++) {
            files.put("file" + i + ".csv", "a,b\n".getBytes(StandardCharsets.UTF_8));
        }
        byte[] bytes = Files.readAllBytes(zip(files, ZipEntry.DEFLATED));
        int end = bytes.length - 22;
        bytes[end + 8] = 3;
        bytes[end + 9] = 0;
        bytes[end + 10] = 3;
        bytes[end + 11] = 0;
        Path zip = Files.write(dir.resolve("lying.zip"), bytes);

        // when / then: the JDK counts the entries itself, and the count is checked on what it found
        assertThatThrownBy(() -> openAndReadAll(zip, RosterLimits.DEFAULTS)).isInstanceOf(RosterFileException.class)
                .hasMessageContaining("more than the 50 an export may have")
                .hasMessageContaining("the first one past the limit is 'file47.csv'");
    }

    @Test
    void aMemberOverTheSizeCapFailsNamingTheMemberWhetherZippedOrInAFolder() throws IOException {
        // given: a cap of 1 MB, users.csv of 2 MB of real rows stored uncompressed (a ratio of 1)
        RosterLimits limits = new RosterLimits(DataSize.ofKilobytes(64),
                new RosterLimits.Zip(DataSize.ofMegabytes(1), 100, 50));
        Map<String, byte[]> files = sampleExport();
        StringBuilder users = new StringBuilder(USERS_HEADER);
        for (int i = 0; users.length() < 2 * 1024 * 1024; i++) {
            users.append("u").append(i).append(",,,s1,student,Ann").append(i).append(",Lee,,").append(100_000 + i)
                    .append(",,03\n");
        }
        files.put("users.csv", users.toString().getBytes(StandardCharsets.UTF_8));
        Path zip = zip(files, ZipEntry.STORED);
        Path folder = Files.createDirectories(dir.resolve("folder"));
        for (Map.Entry<String, byte[]> file : files.entrySet()) {
            Files.write(folder.resolve(file.getKey()), file.getValue());
        }

        // when / then
        assertThatThrownBy(() -> openAndReadAll(zip, limits)).isInstanceOf(RosterFileException.class)
                .hasMessageStartingWith("the export's member 'users.csv' holds more than 1 MB once uncompressed"
                        + " (rostersync.zip.max-member-size)");
        assertThatThrownBy(() -> openAndReadAll(folder, limits)).isInstanceOf(RosterFileException.class)
                .hasMessageStartingWith("the export's member 'users.csv' holds more than 1 MB");
        assertThat(openAndReadAll(zip, RosterLimits.DEFAULTS)).as("within the default cap").isGreaterThan(20_000);
    }

    @Test
    void orgsBeyondWhatADistrictHoldsFailNamingTheLineInsteadOfFillingMemory() throws IOException {
        // given: orgs.csv of 200 orgs whose identifiers have 50,000 characters each (10 million in all)
        Path folder = Files.createDirectories(dir.resolve("orgs"));
        Map<String, byte[]> files = sampleExport();
        StringBuilder orgs = new StringBuilder("sourcedId,type,identifier\n");
        for (int i = 0; i < 200; i++) {
            orgs.append("s").append(i).append(",school,").append("9".repeat(50_000)).append('\n');
        }
        files.put("orgs.csv", orgs.toString().getBytes(StandardCharsets.UTF_8));
        for (Map.Entry<String, byte[]> file : files.entrySet()) {
            Files.write(folder.resolve(file.getKey()), file.getValue());
        }

        // when / then
        assertThatThrownBy(() -> openAndReadAll(folder, RosterLimits.DEFAULTS)).isInstanceOf(RosterFileException.class)
                .hasMessageStartingWith("orgs.csv line 161: the file lists more orgs than an export of a district"
                        + " holds (159 orgs so far");
    }

    @Test
    void theSettingsBindWithTheDocumentedDefaults() {
        // when
        RosterLimits defaults = bind(Map.of());
        RosterLimits set = bind(Map.of("rostersync.max-record-length", "128KB", "rostersync.zip.max-ratio", "20"));

        // then
        assertThat(defaults).isEqualTo(RosterLimits.DEFAULTS);
        assertThat(defaults.recordLength()).isEqualTo(65_536);
        assertThat(defaults.zip().maxMemberSize()).isEqualTo(DataSize.ofMegabytes(512));
        assertThat(defaults.zip().maxRatio()).isEqualTo(100);
        assertThat(defaults.zip().maxMembers()).isEqualTo(50);
        assertThat(set.recordLength()).isEqualTo(131_072);
        assertThat(set.zip().maxRatio()).isEqualTo(20);
        assertThat(set.zip().maxMembers()).isEqualTo(50);
    }

    @Test
    void limitsOutOfRangeStopTheStartNamingTheSetting() {
        assertThatThrownBy(() -> bind(Map.of("rostersync.max-record-length", "10B")))
                .rootCause().hasMessageContaining("rostersync.max-record-length: must be from 1KB to 512MB");
        assertThatThrownBy(() -> bind(Map.of("rostersync.zip.max-member-size", "0B", "rostersync.zip.max-ratio", "0",
                "rostersync.zip.max-members", "0")))
                .rootCause().hasMessageContaining("rostersync.zip.max-member-size")
                .hasMessageContaining("rostersync.zip.max-ratio")
                .hasMessageContaining("rostersync.zip.max-members");
    }

    private static RosterLimits bind(Map<String, String> settings) {
        return new Binder(new MapConfigurationPropertySource(settings)).bindOrCreate("rostersync", RosterLimits.class);
    }

    private List<RosterLine> readAll(String csv, RosterLimits limits) throws IOException {
        Path file = Files.writeString(dir.resolve("roster.csv"), csv);
        List<RosterLine> lines = new ArrayList<>();
        try (RosterFileReader reader = RosterFileReader.open(file, Map.of(), REQUIRED, limits)) {
            for (RosterLine line = reader.next(); line != null; line = reader.next()) {
                lines.add(line);
            }
        }
        return lines;
    }

    /** Students read from an export. */
    private static int openAndReadAll(Path export, RosterLimits limits) {
        int students = 0;
        try (RosterSource source = RosterSource.open(export, RosterFormat.ONEROSTER,
                OneRosterExportTests.BY_IDENTIFIER, Map.of(), OneRosterExportTests.DISTRICT, limits)) {
            while (source.next() != null) {
                students++;
            }
        }
        return students;
    }

    private static Map<String, byte[]> sampleExport() {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("manifest.csv", ExportZips.manifest("bulk").getBytes(StandardCharsets.UTF_8));
        files.put("orgs.csv", "sourcedId,type,identifier\ns1,school,101\n".getBytes(StandardCharsets.UTF_8));
        files.put("users.csv", (USERS_HEADER + "u1,,,s1,student,Ann,Lee,,1001,,03\n")
                .getBytes(StandardCharsets.UTF_8));
        return files;
    }

    private Path zip(Map<String, byte[]> files, int method) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream out = new ZipOutputStream(bytes)) {
            for (Map.Entry<String, byte[]> file : files.entrySet()) {
                add(out, file.getKey(), file.getValue(), method);
            }
        }
        return Files.write(dir.resolve("export-" + System.nanoTime() + ".zip"), bytes.toByteArray());
    }

    private static void add(ZipOutputStream out, String name, byte[] content, int method) throws IOException {
        ZipEntry entry = new ZipEntry(name);
        entry.setMethod(method);
        if (method == ZipEntry.STORED) {
            CRC32 crc = new CRC32();
            crc.update(content);
            entry.setSize(content.length);
            entry.setCompressedSize(content.length);
            entry.setCrc(crc.getValue());
        }
        out.putNextEntry(entry);
        out.write(content);
        out.closeEntry();
    }

}
