package org.rostersync.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.rostersync.support.DatabaseTestSupport;
import org.rostersync.support.ExportZips;
import org.slf4j.LoggerFactory;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.AppenderBase;

/**
 * Seeded fuzzing of the roster import: valid files of four feeds (a STANDARD school feed, a STANDARD district feed,
 * a Clever school feed and a OneRoster school feed) are mutated at random (stray quotes, line breaks, control bytes,
 * BOMs, delimiters, encodings, long values, columns, duplicated rows, formulas, truncation) and imported over a
 * baseline of accounts. Every run must end with a clear outcome and keep the product's promises:
 * <ul>
 * <li>no run stops "unexpectedly" (an unhandled exception);</li>
 * <li>a FAILED run names a line, repeats no student value and changes no account;</li>
 * <li>a run that rejected rows is not COMPLETED, and each rejected row names a line of the file;</li>
 * <li>no account is lost; a district or Clever (grace window) feed deactivates nobody; a school feed deactivates
 * only students whose Student ID is really absent from the file;</li>
 * <li>no student value reaches the server log.</li>
 * </ul>
 * Reproducible: {@code -Dfuzz.seed=} (default 20260901) and {@code -Dfuzz.files=} (default 240) pick the files;
 * every violation is written with its file's bytes to {@code target/fuzz/}. Runs on H2 and on PostgreSQL.
 */
abstract class FuzzTests extends DatabaseTestSupport {

    private static final long SEED = Long.getLong("fuzz.seed", 20260901L);
    private static final int FILES = Integer.getInteger("fuzz.files", 240);

    private static final Pattern NAMES_A_LINE = Pattern.compile("(?i)\\bline \\d+");

    /** The four feeds, each with its valid baseline file. */
    enum Feed {
        LINCOLN("lincoln-upload", true, false), DISTRICT("springfield-district", false, false),
        CLEVER("clever-washington", false, false), ONEROSTER("oneroster-washington", true, true);

        final String id;
        /** A school feed without a grace window: a student really absent from its file may be deactivated. */
        final boolean deactivates;
        final boolean zip;

        Feed(String id, boolean deactivates, boolean zip) {
            this.id = id;
            this.deactivates = deactivates;
            this.zip = zip;
        }
    }

    private static final String[] FIRST = { "Aurelio", "Beatrix", "Cosimo", "Delphine", "Evander", "Fenella",
            "Gideon", "Honora", "Ignatius", "Jessamy", "Leopold", "Marisol" };
    private static final String[] LAST = { "Quimbyson", "Rutherford", "Stanhope", "Thackeray", "Underhill",
            "Vantongeren", "Whitlockes", "Xenakides", "Yardleigh", "Zabriskie", "Ashcombe", "Blackwood" };
    private static final int STUDENTS = FIRST.length;

    /** Every value of the baseline files that is a student's data and distinctive enough to search for. */
    private static final Set<String> STUDENT_VALUES = new LinkedHashSet<>();

    static {
        for (int i = 0; i < STUDENTS; i++) {
            STUDENT_VALUES.add(FIRST[i]);
            STUDENT_VALUES.add(LAST[i]);
            for (Feed feed : Feed.values()) {
                STUDENT_VALUES.add(studentId(feed, i));
            }
            STUDENT_VALUES.add("ST88" + (100 + i));
        }
    }

    static String studentId(Feed feed, int i) {
        return switch (feed) {
            case LINCOLN -> "L" + (10001 + i);
            case DISTRICT -> "D" + (20001 + i);
            case CLEVER -> "C" + (30001 + i);
            case ONEROSTER -> "R" + (40001 + i);
        };
    }

    static String baselineCsv(Feed feed) {
        StringBuilder csv = new StringBuilder();
        switch (feed) {
            case LINCOLN -> {
                // the Student ID after the names: an unquoted comma in a name shifts it
                csv.append("Last Name,First Name,Student ID,Grade,Birth Date,Student Email,Home Room,School ID\r\n");
                for (int i = 0; i < STUDENTS; i++) {
                    String last = i == 4 ? "\"" + LAST[i] + ", Jr\"" : LAST[i];
                    String email = i % 3 == 0 ? FIRST[i].toLowerCase() + "@k12.example" : "";
                    csv.append(last).append(',').append(FIRST[i]).append(',').append(studentId(feed, i)).append(',')
                            .append(1 + i % 5).append(",2015-0").append(1 + i % 9).append("-1").append(i % 10)
                            .append(',').append(email).append(",Room ").append(i).append(",101\r\n");
                }
            }
            case DISTRICT -> {
                csv.append("School ID;Student ID;First Name;Last Name;Grade\n");
                for (int i = 0; i < STUDENTS; i++) {
                    csv.append(101 + i % 3).append(';').append(studentId(feed, i)).append(';').append(FIRST[i])
                            .append(';').append(i == 7 ? "\"" + LAST[i] + "; Sr\"" : LAST[i]).append(';')
                            .append(i % 2 == 0 ? "K" : String.valueOf(6 + i % 3)).append('\n');
                }
            }
            case CLEVER -> {
                csv.append("School_id,Student_id,Student_number,State_id,Last_name,Middle_name,First_name,Grade,DOB,"
                        + "Student_email,Contact_email\n");
                for (int i = 0; i < STUDENTS; i++) {
                    csv.append("102,5f1a").append(Integer.toHexString(0xa000 + i)).append(',')
                            .append(studentId(feed, i)).append(",ST88").append(100 + i).append(',').append(LAST[i])
                            .append(',').append(i % 2 == 0 ? "Rose" : "").append(',').append(FIRST[i]).append(',')
                            .append(i % 4 == 0 ? "Kindergarten" : "0" + (6 + i % 3)).append(",04/1").append(i % 10)
                            .append("/2014,,").append(i % 3 == 1 ? "parent" + i + "@home.example" : "").append('\n');
                }
            }
            case ONEROSTER -> {
                csv.append("sourcedId,status,dateLastModified,enabledUser,orgSourcedIds,role,username,userIds,"
                        + "givenName,familyName,middleName,identifier,email,sms,phone,agentSourcedIds,grades,password\n");
                for (int i = 0; i < STUDENTS; i++) {
                    csv.append(studentId(feed, i)).append(",,2026-08-20T14:02:11.000Z,true,")
                            .append(i == 3 ? "\"org-d,org-102\"" : "org-102").append(",student,u").append(i)
                            .append(",{state:ST88").append(100 + i).append("},").append(FIRST[i]).append(',')
                            .append(LAST[i]).append(",,ID").append(i).append(",,,,,").append(i % 3 == 0 ? "KG" : "07")
                            .append(",\n");
                    if (i == 5) {
                        csv.append("T9001,,2026-08-20T14:02:11.000Z,true,org-102,teacher,teach,,Ms,Teacher,,,,,,,,\n");
                    }
                }
            }
        }
        return csv.toString();
    }

    static final String ORGS = """
            sourcedId,status,dateLastModified,name,type,identifier,parentSourcedId
            org-d,,,Springfield Unified,district,SPU,
            org-101,,,Lincoln Elementary,school,101,org-d
            org-102,,,Washington Middle,school,102,org-d
            """;

    static byte[] zip(byte[] manifest, byte[] orgs, byte[] users) {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("manifest.csv", manifest);
        files.put("orgs.csv", orgs);
        files.put("users.csv", users);
        return ExportZips.zipBytes(files);
    }

    static byte[] baseline(Feed feed) {
        byte[] csv = baselineCsv(feed).getBytes(StandardCharsets.UTF_8);
        return feed.zip ? zip(ExportZips.manifest("bulk").getBytes(StandardCharsets.UTF_8),
                ORGS.getBytes(StandardCharsets.UTF_8), csv) : csv;
    }

    // ------------------------------------------------------------------------------------------------ mutations

    /** A mutated file and what was done to it. */
    record Mutant(Feed feed, byte[] content, List<String> mutations) {
    }

    static Mutant mutate(Feed feed, Random random) {
        List<String> done = new ArrayList<>();
        if (!feed.zip) {
            byte[] bytes = baselineCsv(feed).getBytes(StandardCharsets.UTF_8);
            int count = 1 + random.nextInt(3);
            for (int i = 0; i < count; i++) {
                bytes = mutation(bytes, random, done);
            }
            return new Mutant(feed, bytes, done);
        }
        byte[] manifest = ExportZips.manifest("bulk").getBytes(StandardCharsets.UTF_8);
        byte[] orgs = ORGS.getBytes(StandardCharsets.UTF_8);
        byte[] users = baselineCsv(feed).getBytes(StandardCharsets.UTF_8);
        int count = 1 + random.nextInt(3);
        for (int i = 0; i < count; i++) {
            int which = random.nextInt(10);
            if (which == 0) {
                done.add("manifest.csv:");
                manifest = mutation(manifest, random, done);
            } else if (which == 1) {
                done.add("orgs.csv:");
                orgs = mutation(orgs, random, done);
            } else {
                users = mutation(users, random, done);
            }
        }
        byte[] zip = zip(manifest, orgs, users);
        if (random.nextInt(25) == 0) {
            int cut = random.nextInt(zip.length);
            done.add("zip truncated at byte " + cut);
            zip = java.util.Arrays.copyOf(zip, cut);
        }
        return new Mutant(feed, zip, done);
    }

    private static byte[] mutation(byte[] in, Random random, List<String> done) {
        int kind = random.nextInt(30);
        int at = in.length == 0 ? 0 : random.nextInt(in.length + 1);
        String text = new String(in, StandardCharsets.ISO_8859_1);
        List<Integer> lineStarts = lineStarts(in);
        int row = lineStarts.size() > 1 ? 1 + random.nextInt(lineStarts.size() - 1) : 0;
        switch (kind) {
            case 0 -> {
                done.add("stray quote at " + at);
                return insert(in, at, "\"");
            }
            case 1 -> {
                int comma = nth(text, ',', random);
                done.add("quote after a space at " + comma);
                return comma < 0 ? in : insert(in, comma + 1, random.nextBoolean() ? " \"" : "  \"x\" ");
            }
            case 2 -> {
                String br = new String[] { "\n", "\r", "\r\n" }[random.nextInt(3)];
                done.add("line break " + escape(br) + " at " + at);
                return insert(in, at, br);
            }
            case 3 -> {
                int comma = nth(text, ',', random);
                String br = new String[] { "\n", "\r", "\r\n" }[random.nextInt(3)];
                done.add("quoted value with a line break " + escape(br) + " at " + comma);
                return comma < 0 ? in : insert(in, comma + 1, "\"a" + br + "b\"");
            }
            case 4 -> {
                byte b = (byte) (random.nextBoolean() ? 0 : 1 + random.nextInt(31));
                done.add("control byte " + b + " at " + at);
                return insert(in, at, new byte[] { b });
            }
            case 5 -> {
                int n = 5 + random.nextInt(40);
                done.add(n + " control bytes at " + at);
                byte[] junk = new byte[n];
                for (int i = 0; i < n; i++) {
                    junk[i] = (byte) random.nextInt(32);
                }
                return insert(in, at, junk);
            }
            case 6 -> {
                int pos = random.nextBoolean() ? at : lineStarts.get(row);
                done.add("UTF-8 BOM at " + pos);
                return insert(in, pos, new byte[] { (byte) 0xEF, (byte) 0xBB, (byte) 0xBF });
            }
            case 7 -> {
                char[] delimiters = { ';', '\t', '|', ',' };
                char d = delimiters[random.nextInt(delimiters.length)];
                int n = 1 + random.nextInt(6);
                done.add(n + " delimiters replaced by " + escape(String.valueOf(d)));
                byte[] out = in.clone();
                for (int i = 0; i < n; i++) {
                    int comma = nth(text, random.nextBoolean() ? ',' : ';', random);
                    if (comma >= 0) {
                        out[comma] = (byte) d;
                    }
                }
                return out;
            }
            case 8 -> {
                int n = new int[] { 51, 101, 255, 5000, 70_000 }[random.nextInt(5)];
                done.add("value of " + n + " chars at " + at);
                return insert(in, at, "w".repeat(n));
            }
            case 9 -> {
                int n = 1 + random.nextInt(4);
                byte[] junk = new byte[n];
                for (int i = 0; i < n; i++) {
                    junk[i] = (byte) (0x80 + random.nextInt(128));
                }
                done.add("invalid UTF-8 " + hex(junk) + " at " + at);
                return insert(in, at, junk);
            }
            case 10 -> {
                String s = new String[] { "\uFEFFab", "Zoë", "\uD83D\uDE00", "x\n" }[random.nextInt(4)];
                Charset cs = random.nextBoolean() ? StandardCharsets.UTF_16LE : StandardCharsets.UTF_16BE;
                byte[] frag = s.getBytes(cs);
                if (random.nextBoolean()) {
                    frag = java.util.Arrays.copyOf(frag, frag.length - 1);
                }
                done.add("UTF-16 fragment " + hex(frag) + " at " + at);
                return insert(in, at, frag);
            }
            case 11 -> {
                done.add("extra column in the header and every row");
                return everyLine(text, (i, line) -> line.isEmpty() ? line : line + (i == 0 ? ",Extra" : ",x"));
            }
            case 12 -> {
                done.add("a cell left off line " + (row + 1));
                return everyLine(text, (i, line) -> i == row && line.lastIndexOf(',') > 0
                        ? line.substring(0, line.lastIndexOf(',')) : line);
            }
            case 13 -> {
                done.add("an extra cell on line " + (row + 1));
                return everyLine(text, (i, line) -> i == row ? line + ",extra" : line);
            }
            case 14 -> {
                done.add("a header name duplicated");
                return everyLine(text, (i, line) -> {
                    if (i != 0) {
                        return line;
                    }
                    String[] names = line.split(",", -1);
                    if (names.length < 2) {
                        return line;
                    }
                    names[random.nextInt(names.length)] = names[random.nextInt(names.length)];
                    return String.join(",", names);
                });
            }
            case 15 -> {
                done.add("header line removed");
                return everyLine(text, (i, line) -> i == 0 ? null : line);
            }
            case 16 -> {
                String blank = new String[] { "", "   ", ",,,", " , , ", "\t" }[random.nextInt(5)];
                done.add("blank line '" + escape(blank) + "' before line " + (row + 1));
                return insert(in, lineStarts.get(row), blank + "\n");
            }
            case 17 -> {
                done.add("whitespace-only cell on line " + (row + 1));
                return everyLine(text, (i, line) -> i == row ? line.replaceFirst(",[^,]*,", ",   ,") : line);
            }
            case 18 -> {
                int n = new int[] { 2, 50, 800 }[random.nextInt(3)];
                done.add("line " + (row + 1) + " repeated " + n + " times");
                return everyLine(text, (i, line) -> i == row ? (line + "\n").repeat(n - 1) + line : line);
            }
            case 19 -> {
                String formula = new String[] { "=HYPERLINK(\"http://x\")", "+1+2", "-3", "@SUM(A1)",
                        "=cmd|' /C calc'!A0" }[random.nextInt(5)];
                done.add("formula " + formula + " in a cell of line " + (row + 1));
                return everyLine(text, (i, line) -> i == row ? line.replaceFirst(",[^,\"]*,",
                        ",\"" + formula.replace("\"", "\"\"") + "\",") : line);
            }
            case 20 -> {
                done.add("a 300,000-char line before line " + (row + 1));
                return insert(in, lineStarts.get(row), "v,".repeat(150_000) + "\n");
            }
            case 21 -> {
                int cut = random.nextInt(in.length + 1);
                done.add("truncated at byte " + cut);
                return java.util.Arrays.copyOf(in, cut);
            }
            case 22 -> {
                done.add("data row " + (row + 1) + " removed");
                return everyLine(text, (i, line) -> i == row ? null : line);
            }
            case 23 -> {
                int variant = random.nextInt(4);
                String decoded = new String(in, StandardCharsets.UTF_8);
                done.add(new String[] { "whole file UTF-16LE with BOM", "whole file UTF-16BE without BOM",
                        "whole file Windows-1252", "whole file UTF-16LE without BOM" }[variant]);
                return switch (variant) {
                    case 0 -> concat(new byte[] { (byte) 0xFF, (byte) 0xFE }, decoded.getBytes(StandardCharsets.UTF_16LE));
                    case 1 -> decoded.getBytes(StandardCharsets.UTF_16BE);
                    case 2 -> decoded.replace("Zabriskie", "Zäbriskie").getBytes(Charset.forName("windows-1252"));
                    default -> decoded.getBytes(StandardCharsets.UTF_16LE);
                };
            }
            case 24 -> {
                done.add("line ends replaced by CR");
                return text.replace("\r\n", "\n").replace('\n', '\r').getBytes(StandardCharsets.ISO_8859_1);
            }
            case 25 -> {
                done.add("a column removed from the header and every row");
                int column = random.nextInt(4);
                return everyLine(text, (i, line) -> {
                    List<String> cells = new ArrayList<>(List.of(line.split(",", -1)));
                    if (cells.size() > column) {
                        cells.remove(column);
                    }
                    return String.join(",", cells);
                });
            }
            case 26 -> {
                done.add("a quote doubled or removed near " + at);
                int quote = text.indexOf('"', Math.min(at, text.length()));
                if (quote < 0) {
                    return insert(in, at, "\"\"");
                }
                return random.nextBoolean() ? insert(in, quote, "\"") : remove(in, quote, 1);
            }
            case 27 -> {
                done.add("row " + (row + 1) + " swapped with the header");
                return everyLine(text, (i, line) -> i == 0 ? text.split("\r?\n|\r", -1)[Math.min(row,
                        text.split("\r?\n|\r", -1).length - 1)] : line);
            }
            case 28 -> {
                done.add("student id on line " + (row + 1) + " given a second row with other names");
                return everyLine(text, (i, line) -> i == row ? line + "\n" + line.replaceAll("[A-Z][a-z]{4,}", "Otto")
                        : line);
            }
            default -> {
                done.add("spaces around every value of line " + (row + 1));
                return everyLine(text, (i, line) -> i == row ? " " + line.replace(",", " , ") + " " : line);
            }
        }
    }

    interface LineEdit {
        /** The new line, or {@code null} to drop it. */
        String edit(int index, String line);
    }

    /** Edits the file line by line (text as ISO-8859-1, so every byte survives), keeping its line ends. */
    private static byte[] everyLine(String text, LineEdit edit) {
        StringBuilder out = new StringBuilder();
        int index = 0;
        int start = 0;
        while (start < text.length()) {
            int end = start;
            while (end < text.length() && text.charAt(end) != '\n' && text.charAt(end) != '\r') {
                end++;
            }
            int after = end;
            if (after < text.length() && text.charAt(after) == '\r') {
                after++;
            }
            if (after < text.length() && text.charAt(after) == '\n' && (after == end || text.charAt(end) == '\r')) {
                after++;
            }
            String line = edit.edit(index++, text.substring(start, end));
            if (line != null) {
                out.append(line).append(text, end, after);
            }
            start = after;
        }
        return out.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    private static List<Integer> lineStarts(byte[] in) {
        List<Integer> starts = new ArrayList<>();
        starts.add(0);
        for (int i = 0; i < in.length; i++) {
            if (in[i] == '\n' && i + 1 < in.length) {
                starts.add(i + 1);
            }
        }
        return starts;
    }

    private static int nth(String text, char c, Random random) {
        List<Integer> at = new ArrayList<>();
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == c) {
                at.add(i);
            }
        }
        return at.isEmpty() ? -1 : at.get(random.nextInt(at.size()));
    }

    private static byte[] insert(byte[] in, int at, String s) {
        return insert(in, at, s.getBytes(StandardCharsets.ISO_8859_1));
    }

    private static byte[] insert(byte[] in, int at, byte[] s) {
        byte[] out = new byte[in.length + s.length];
        System.arraycopy(in, 0, out, 0, at);
        System.arraycopy(s, 0, out, at, s.length);
        System.arraycopy(in, at, out, at + s.length, in.length - at);
        return out;
    }

    private static byte[] remove(byte[] in, int at, int n) {
        byte[] out = new byte[in.length - n];
        System.arraycopy(in, 0, out, 0, at);
        System.arraycopy(in, at + n, out, at, in.length - at - n);
        return out;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        return insert(b, 0, a);
    }

    private static String hex(byte[] bytes) {
        StringBuilder s = new StringBuilder();
        for (byte b : bytes) {
            s.append(String.format("%02X", b & 0xFF));
        }
        return s.toString();
    }

    private static String escape(String s) {
        return s.replace("\r", "\\r").replace("\n", "\\n").replace("\t", "\\t");
    }

    /** The bytes as a Java string literal (ISO-8859-1: one char per byte), to paste into a test. */
    static String javaLiteral(byte[] bytes) {
        StringBuilder s = new StringBuilder("\"");
        for (byte value : bytes) {
            int b = value & 0xFF;
            switch (b) {
                case '\n' -> s.append("\\n");
                case '\r' -> s.append("\\r");
                case '\t' -> s.append("\\t");
                case '"' -> s.append("\\\"");
                case '\\' -> s.append("\\\\");
                default -> s.append(b >= 0x20 && b < 0x7F ? String.valueOf((char) b) : String.format("\\u%04X", b));
            }
        }
        return s.append('"').toString();
    }

    // ------------------------------------------------------------------------------------------------- the test

    /** Log events of every logger while a run goes on. */
    static final class Captured extends AppenderBase<ILoggingEvent> {

        final List<String> lines = java.util.Collections.synchronizedList(new ArrayList<>());

        @Override
        protected void append(ILoggingEvent event) {
            String text = event.getFormattedMessage();
            if (event.getThrowableProxy() != null) {
                text += "\n" + ThrowableProxyUtil.asString(event.getThrowableProxy());
            }
            lines.add(event.getLevel() + " " + event.getLoggerName() + " " + text);
        }
    }

    private final Captured log = new Captured();

    @BeforeEach
    void captureLog() {
        log.start();
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).addAppender(log);
    }

    @AfterEach
    void releaseLog() {
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(log);
    }

    private Map<String, String> accounts() {
        Map<String, String> accounts = new TreeMap<>();
        jdbc.query("SELECT student_id, school_id, status, first_name, last_name, grade, email FROM student_account",
                (java.sql.ResultSet rs) -> {
                    accounts.put(rs.getString(1), rs.getString(2) + "|" + rs.getString(3) + "|" + rs.getString(4)
                            + "|" + rs.getString(5) + "|" + rs.getString(6) + "|" + rs.getString(7));
                });
        return accounts;
    }

    @Test
    void mutatedRostersKeepThePromises() throws IOException {
        Path out = Path.of("target", "fuzz", getClass().getSimpleName());
        Files.createDirectories(out);
        String replay = System.getProperty("fuzz.replay");
        Random random = new Random(SEED);
        List<String> violations = new ArrayList<>();
        List<String> slow = new ArrayList<>();
        long started = System.nanoTime();
        int files = replay != null ? 1 : FILES;
        for (int n = 0; n < files; n++) {
            Mutant mutant;
            if (replay != null) {
                Feed feed = Feed.valueOf(System.getProperty("fuzz.feed", "LINCOLN"));
                mutant = new Mutant(feed, Files.readAllBytes(Path.of(replay)), List.of("replay " + replay));
            } else {
                Feed feed = Feed.values()[n % Feed.values().length];
                mutant = mutate(feed, random);
            }
            long caseStarted = System.nanoTime();
            List<String> found = check(mutant);
            long caseMillis = (System.nanoTime() - caseStarted) / 1_000_000;
            if (caseMillis > 1500) {
                slow.add("case " + n + " (" + mutant.feed().id + "): " + caseMillis + " ms " + mutant.mutations());
            }
            if (!found.isEmpty()) {
                Path file = out.resolve("case-" + n + "-" + mutant.feed().name().toLowerCase()
                        + (mutant.feed().zip ? ".zip" : ".csv"));
                Files.write(file, mutant.content());
                String report = "case " + n + " (" + mutant.feed().id + ", seed " + SEED + "): " + mutant.mutations()
                        + "\n  file " + file + (mutant.content().length < 600 && !mutant.feed().zip
                                ? "\n  bytes " + javaLiteral(mutant.content()) : "")
                        + "\n  - " + String.join("\n  - ", found);
                violations.add(report);
            }
        }
        long millis = (System.nanoTime() - started) / 1_000_000;
        String summary = files + " files in " + millis + " ms, " + violations.size() + " with violations\n\n"
                + String.join("\n\n", violations);
        Files.writeString(out.resolve("report.txt"), summary);
        Files.write(out.resolve("slow.txt"), slow);
        System.out.println("FUZZ " + getClass().getSimpleName() + ": " + summary.lines().findFirst().orElse(""));
        assertThat(violations).as(summary).isEmpty();
    }

    private List<String> check(Mutant mutant) {
        Feed feed = mutant.feed();
        List<String> problems = new ArrayList<>();
        cleanDatabase();
        ImportRun base = importFile(feed.id, baseline(feed), false, false);
        assertThat(base.status()).as("baseline of " + feed.id + ": " + base.message()).isEqualTo(RunStatus.COMPLETED);
        Map<String, String> before = accounts();
        assertThat(before).hasSize(STUDENTS);
        log.lines.clear();
        ImportRun run;
        try {
            long runId = importRuns.upload(feed.id, new ByteArrayInputStream(mutant.content()), "fuzz", false, false);
            run = awaitRun(runId);
        } catch (Throwable e) {
            problems.add("the upload threw " + e);
            return problems;
        }
        Map<String, String> after = accounts();
        String message = String.valueOf(run.message());
        String status = run.status() + ": " + message;
        if (message.contains("stopped unexpectedly")) {
            problems.add("run crashed: " + status);
        }
        if (run.status() == RunStatus.FAILED) {
            if (!NAMES_A_LINE.matcher(message).find()) {
                problems.add("FAILED message names no line: " + message);
            }
            for (String value : STUDENT_VALUES) {
                if (message.contains(value)) {
                    problems.add("FAILED message repeats student value '" + value + "': " + message);
                }
            }
            if (!after.equals(before)) {
                problems.add("FAILED run changed accounts: " + diff(before, after));
            }
        }
        for (String id : before.keySet()) {
            if (!after.containsKey(id)) {
                problems.add("account " + id + " lost (" + status + ")");
            }
        }
        byte[] searchable = feed.zip ? member(mutant.content(), "users.csv") : mutant.content();
        String content = new String(searchable, StandardCharsets.ISO_8859_1);
        String content16 = new String(searchable, StandardCharsets.UTF_16LE) + new String(searchable,
                StandardCharsets.UTF_16BE);
        for (var account : after.entrySet()) {
            String was = before.get(account.getKey());
            if (was == null || was.contains("|DEACTIVATED|") || !account.getValue().contains("|DEACTIVATED|")) {
                continue;
            }
            boolean present = content.contains(account.getKey()) || content16.contains(account.getKey());
            if (!feed.deactivates) {
                problems.add("deactivated " + account.getKey() + " on a feed that never deactivates (" + status + ")");
            } else if (present) {
                problems.add("deactivated " + account.getKey() + " whose Student ID is still in the file ("
                        + status + ")");
            }
        }
        if (run.counts().rejected() > 0 && run.status() == RunStatus.COMPLETED) {
            problems.add(run.counts().rejected() + " rows rejected but the run is COMPLETED: " + message);
        }
        if (run.status() != RunStatus.FAILED) {
            long lines = lineCount(searchable);
            for (RejectedRow rejected : importRuns.rejectedRows(run.runId(), 0, 5000)) {
                if (rejected.line() < 2 || rejected.line() > lines) {
                    problems.add("rejected row names line " + rejected.line() + " of a file of " + lines
                            + " lines: " + rejected.reason());
                }
            }
        }
        synchronized (log.lines) {
            for (String line : log.lines) {
                for (String value : STUDENT_VALUES) {
                    if (line.contains(value)) {
                        problems.add("server log repeats student value '" + value + "': "
                                + line.substring(0, Math.min(line.length(), 600)));
                        break;
                    }
                }
                if (line.startsWith("ERROR org.rostersync")) {
                    problems.add("server log has an ERROR: " + line.substring(0, Math.min(line.length(), 600)));
                }
            }
        }
        return problems;
    }

    private static String diff(Map<String, String> before, Map<String, String> after) {
        StringBuilder s = new StringBuilder();
        for (String id : new java.util.TreeSet<>(java.util.stream.Stream.concat(before.keySet().stream(),
                after.keySet().stream()).toList())) {
            if (!java.util.Objects.equals(before.get(id), after.get(id))) {
                s.append(id).append(": ").append(before.get(id)).append(" -> ").append(after.get(id)).append("; ");
            }
        }
        return s.toString();
    }

    /** Lines of a file: line ends CR, LF or CRLF (in UTF-16 too); a last line without an end counts. */
    private static long lineCount(byte[] bytes) {
        long lines = 1;
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == '\n' || (bytes[i] == '\r' && !(i + 1 < bytes.length && bytes[i + 1] == '\n')
                    && !(i + 2 < bytes.length && bytes[i + 1] == 0 && bytes[i + 2] == '\n'))) {
                lines++;
            }
        }
        return lines;
    }

    private static byte[] member(byte[] zip, String name) {
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry entry; (entry = in.getNextEntry()) != null;) {
                if (entry.getName().equals(name)) {
                    return in.readAllBytes();
                }
            }
        } catch (IOException e) {
            // a truncated zip: search what there is
        }
        return zip;
    }
}
