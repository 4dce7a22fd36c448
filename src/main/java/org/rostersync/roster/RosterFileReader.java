package org.rostersync.roster;

import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Streams a STANDARD roster file record by record with Commons CSV; only the current record is in memory.
 * Headers are matched ignoring case, spaces, {@code _} and {@code -}, through the feed's own column names first and
 * the known aliases second.
 */
public final class RosterFileReader implements Closeable {

    private static final CSVFormat FORMAT = CSVFormat.RFC4180.builder()
            .setIgnoreEmptyLines(true)
            // values are stripped anyway; this also reads a quoted value after a space (`1, "Lee, Jr",3`) as quoted
            .setIgnoreSurroundingSpaces(true)
            .get();

    /** How far the header line is searched for its delimiter; a header longer than this is not a roster's. */
    private static final int HEADER_LOOKAHEAD = 1024 * 1024;

    private static final RosterField[] FIELDS = RosterField.values();

    private final CSVParser parser;
    private final Iterator<CSVRecord> records;
    private final int[] fieldColumn = new int[RosterField.values().length];
    private final HeaderMapping mapping;
    private final RosterEncoding encoding;
    private final char delimiter;
    private List<String> headerNames = List.of();
    private long recordsRead;
    /** The parser's line number after the previous record (the header's line at first). */
    private final CsvRecords lines;

    /** The fields the header is matched against: a student file's or a staff file's. */
    private final Set<RosterField> known;

    private RosterFileReader(CSVParser parser, Map<String, String> columnOverrides, Set<RosterField> required,
            RosterEncoding encoding, char delimiter, Set<RosterField> known) {
        this.known = known;
        this.parser = parser;
        this.encoding = encoding;
        this.delimiter = delimiter;
        this.records = parser.iterator();
        if (!records.hasNext()) {
            throw new RosterFileException("line 1: the file is empty; export the roster with a header row such as"
                    + (known.contains(RosterField.STAFF_ID) ? " \"School ID,Staff ID,First Name,Last Name,Email,Role\""
                            : " \"Student ID,First Name,Last Name,Grade\""));
        }
        this.mapping = mapHeader(records.next(), columnOverrides);
        this.lines = new CsvRecords(parser);
        List<String> missing = new ArrayList<>();
        for (RosterField field : required) {
            if (!mapping.has(field)) {
                missing.add(field.label());
            }
        }
        if (!missing.isEmpty()) {
            throw new RosterFileException("line 1: required column" + (missing.size() > 1 ? "s " : " ")
                    + String.join(", ", missing) + (missing.size() > 1 ? " are" : " is")
                    + " missing from the header; " + HeaderNames.describe(headerNames, mapping.columns().size())
                    + ". Add the column, or map your header to it with the feed's columns setting");
        }
    }

    /**
     * Opens a roster file and reads its header, with the shipped {@link RosterLimits#DEFAULTS}.
     *
     * @param columnOverrides field key (e.g. {@code student-id}) → header name, from the feed's settings
     * @param required        fields the header must have
     * @throws RosterFileException when the file cannot be read or its header lacks a required column
     */
    public static RosterFileReader open(Path file, Map<String, String> columnOverrides, Set<RosterField> required) {
        return open(file, columnOverrides, required, RosterLimits.DEFAULTS);
    }

    /**
     * Opens a roster file and reads its header.
     *
     * @param columnOverrides field key (e.g. {@code student-id}) → header name, from the feed's settings
     * @param required        fields the header must have
     * @param limits          how long a record may be
     * @throws RosterFileException when the file cannot be read, its header lacks a required column, or a record is
     *                             longer than the limit
     */
    public static RosterFileReader open(Path file, Map<String, String> columnOverrides, Set<RosterField> required,
            RosterLimits limits) {
        return open(file, columnOverrides, required, limits, RosterField.STUDENT_FIELDS);
    }

    /**
     * Opens a roster file whose header is matched against {@code known} fields only (a staff file's, see
     * {@link RosterField#of}); other columns are ignored.
     */
    public static RosterFileReader open(Path file, Map<String, String> columnOverrides, Set<RosterField> required,
            RosterLimits limits, Set<RosterField> known) {
        InputStream in = null;
        try {
            RosterEncoding encoding = RosterEncoding.detect(file);
            in = Files.newInputStream(file);
            return read(in, encoding, columnOverrides, required, limits, known);
        } catch (NoSuchFileException e) {
            close(in);
            throw new RosterFileException("the roster file " + file.getFileName() + " does not exist");
        } catch (IOException | UncheckedIOException e) {
            close(in);
            throw translate(e, 1);
        } catch (RuntimeException e) {
            close(in);
            throw e;
        }
    }

    /** Reads a roster from a stream in a known encoding (a byte-order mark still at its start); the header first. */
    static RosterFileReader read(InputStream in, RosterEncoding encoding, Map<String, String> columnOverrides,
            Set<RosterField> required, RosterLimits limits) throws IOException {
        return read(in, encoding, columnOverrides, required, limits, RosterField.STUDENT_FIELDS);
    }

    static RosterFileReader read(InputStream in, RosterEncoding encoding, Map<String, String> columnOverrides,
            Set<RosterField> required, RosterLimits limits, Set<RosterField> known) throws IOException {
        in.skipNBytes(encoding.bomLength());
        CharsetDecoder decoder = encoding.charset().newDecoder()
                .onMalformedInput(encoding.fallback() ? CodingErrorAction.REPLACE : CodingErrorAction.REPORT)
                .onUnmappableCharacter(encoding.fallback() ? CodingErrorAction.REPLACE : CodingErrorAction.REPORT);
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, decoder), 64 * 1024);
        char delimiter = detectDelimiter(reader, Math.min(HEADER_LOOKAHEAD, limits.recordLength() + 2));
        CSVFormat format = FORMAT.builder().setDelimiter(delimiter).get();
        // below the parser: it fails a record past the limit before the parser has held more of it
        RecordLimit limited = new RecordLimit(reader, limits.recordLength(), delimiter, true, null);
        CSVParser parser = CSVParser.builder().setReader(limited).setFormat(format).get();
        return new RosterFileReader(parser, columnOverrides, required, encoding, delimiter, known);
    }

    /**
     * Comma, semicolon (European Excel) or tab (Excel's "Unicode text"), whichever the header line has most of
     * outside quotes; comma when it has none.
     */
    private static char detectDelimiter(BufferedReader reader, int lookahead) throws IOException {
        reader.mark(lookahead);
        int commas = 0;
        int semicolons = 0;
        int tabs = 0;
        boolean quoted = false;
        for (int i = 0; i < lookahead; i++) {
            int c = reader.read();
            if (c < 0 || (!quoted && (c == '\n' || c == '\r'))) {
                break;
            }
            if (c == '"') {
                quoted = !quoted;
            } else if (!quoted) {
                commas += c == ',' ? 1 : 0;
                semicolons += c == ';' ? 1 : 0;
                tabs += c == '\t' ? 1 : 0;
            }
        }
        reader.reset();
        if (tabs > commas && tabs >= semicolons) {
            return '\t';
        }
        return semicolons > commas ? ';' : ',';
    }

    /** The encoding the file was read with. */
    public RosterEncoding encoding() {
        return encoding;
    }

    /** The field delimiter found in the header. */
    public char delimiter() {
        return delimiter;
    }

    public HeaderMapping mapping() {
        return mapping;
    }

    /** Data records read so far. */
    public long recordsRead() {
        return recordsRead;
    }

    /**
     * The next data record, or {@code null} at the end of the file.
     *
     * @throws RosterFileException when the file breaks off mid-record or stops being text
     */
    public RosterLine next() {
        try {
            while (records.hasNext()) {
                CSVRecord record = records.next();
                recordsRead++;
                RosterLine line = line(record);
                if (line != null) {
                    return line;
                }
            }
            return null;
        } catch (UncheckedIOException | IllegalStateException e) {
            throw translate(e, lines.nextLine());
        }
    }

    /** The record as a roster line, or {@code null} for a row of empty cells (Excel's trailing {@code ,,,}). */
    private RosterLine line(CSVRecord record) {
        if (CsvRecords.blank(record)) {
            lines.skipped();
            return null;
        }
        long number = lines.startLine(record);
        Map<RosterField, String> values = new EnumMap<>(RosterField.class);
        List<RowProblem> problems = null;
        boolean spansLines = false;
        for (RosterField field : FIELDS) {
            int column = fieldColumn[field.ordinal()];
            if (column >= 0 && column < record.size()) {
                String value = CsvRecords.clean(record.get(column));
                String reason = CsvRecords.notText(mapping.headerOf(field), value, field);
                if (reason != null) {
                    problems = problems == null ? new ArrayList<>() : problems;
                    problems.add(new RowProblem(number, mapping.headerOf(field), reason));
                    spansLines |= value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0;
                    String printable = CsvRecords.withoutControls(value);
                    if (field == RosterField.STUDENT_ID && !printable.isEmpty() && !spansLines) {
                        // the rejected row still names its student, who is then never taken for missing
                        values.put(field, printable);
                    }
                } else if (!value.isEmpty()) {
                    // free text may run over lines; an open quote before it may have swallowed rows, though
                    spansLines |= value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0;
                    values.put(field, value);
                }
            }
        }
        // a row whose columns cannot be trusted may hold any student's ID in any cell, or several rows' IDs; so may a
        // value with a control character, which may stand where the delimiter between two values was
        List<String> possibleIds = spansLines || problems != null || record.size() != mapping.columnCount()
                ? CsvRecords.possibleIds(record) : List.of();
        return problems == null && possibleIds.isEmpty() ? new RosterLine(number, values, record.size())
                : new RosterLine(number, values, record.size(), null, false, problems, possibleIds);
    }

    /** Skips data records already processed, when a run restarts. */
    public void skip(long count) {
        while (recordsRead < count && next() != null) {
            // each call advances one record
        }
    }

    @Override
    public void close() {
        try {
            parser.close();
        } catch (IOException e) {
            // nothing was written: closing a reader cannot lose data
        }
    }

    private HeaderMapping mapHeader(CSVRecord header, Map<String, String> overrides) {
        Map<String, RosterField> wanted = new LinkedHashMap<>();
        overrides.forEach((key, headerName) -> RosterField.byKey(key).filter(known::contains)
                .ifPresent(field -> wanted.put(RosterField.normalize(headerName), field)));
        Map<RosterField, String> columns = new EnumMap<>(RosterField.class);
        Map<RosterField, Integer> indexes = new EnumMap<>(RosterField.class);
        List<String> ignored = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (int i = 0; i < header.size(); i++) {
            String name = CsvRecords.clean(header.get(i));
            names.add(name);
            String normalized = RosterField.normalize(name);
            RosterField field = wanted.get(normalized);
            if (field == null && !overrides.containsValue(name)) {
                field = byAlias(normalized, overrides, known);
            }
            if (field == null || name.isEmpty()) {
                ignored.add(name.isEmpty() ? "(column " + (i + 1) + ", no name)" : name);
            } else if (indexes.containsKey(field)) {
                throw new RosterFileException("line 1: columns '" + columns.get(field) + "' and '" + name
                        + "' both name the field " + field.label() + "; remove one, or map the right one with the"
                        + " feed's columns setting");
            } else {
                indexes.put(field, i);
                columns.put(field, name);
            }
        }
        this.headerNames = names;
        Arrays.fill(fieldColumn, -1);
        indexes.forEach((field, index) -> fieldColumn[field.ordinal()] = index);
        return new HeaderMapping(columns, ignored, header.size());
    }

    private static RosterField byAlias(String normalized, Map<String, String> overrides, Set<RosterField> known) {
        for (RosterField field : known) {
            if (overrides.containsKey(field.key())) {
                continue; // a mapped field takes only its mapped header
            }
            if (RosterField.normalize(field.label()).equals(normalized) || field.aliases().contains(normalized)) {
                return field;
            }
        }
        return null;
    }

    private static RosterFileException translate(Exception e, long line) {
        Throwable cause = e instanceof UncheckedIOException u ? u.getCause() : e.getCause() != null ? e.getCause() : e;
        if (cause instanceof CharacterCodingException) {
            return new RosterFileException("line " + line + ": the file is not valid text in the encoding its"
                    + " byte-order mark announces; save it as \"CSV UTF-8\" and upload it again", e);
        }
        String detail = String.valueOf(e.getMessage());
        if (detail.contains("EOF reached before encapsulated token finished")) {
            return new RosterFileException("line " + line + ": a quoted value is never closed, so the file ends in"
                    + " the middle of a row; the export was probably cut short. Export the full file again", e);
        }
        if (detail.toLowerCase(java.util.Locale.ROOT).contains("between encapsulated token and delimiter")) {
            return new RosterFileException("line " + line + ": a quote inside a quoted value is not doubled; write"
                    + " \"\" for a quote inside quotes, or quote the whole value", e);
        }
        return new RosterFileException("line " + line + ": the file cannot be read as CSV (" + detail + ")", e);
    }

    private static void close(InputStream in) {
        if (in != null) {
            try {
                in.close();
            } catch (IOException ignored) {
                // already failing with a clearer message
            }
        }
    }
}
