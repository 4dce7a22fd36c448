package org.rostersync.roster;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.commons.io.input.BOMInputStream;

/**
 * The small files of a OneRoster export, streamed with only the values needed kept: {@code manifest.csv} (which
 * files are bulk, delta or absent) and {@code orgs.csv} (org sourcedId → identifier); and how any of its CSV files is
 * opened (UTF-8, a BOM allowed, records within {@link RosterLimits#maxRecordLength}).
 */
final class OneRosterFiles {

    private static final CSVFormat FORMAT = CSVFormat.RFC4180.builder().setIgnoreEmptyLines(true).get();

    /** An org of orgs.csv, with its line for messages. */
    record Org(String identifier, String type, long line) {
    }

    private OneRosterFiles() {
    }

    static RosterMode manifest(ExportMembers members) {
        Map<String, String> properties = new HashMap<>();
        Map<String, Long> lines = new HashMap<>();
        long lastLine = 1;
        try (CSVParser manifest = parser(members, "manifest.csv").orElseThrow(() -> new RosterFileException(
                "the export has no manifest.csv; a OneRoster 1.1 export lists its files in manifest.csv"))) {
            Iterator<CSVRecord> rows = manifest.iterator();
            if (!rows.hasNext()) {
                throw new RosterFileException("manifest.csv line 1: the file is empty");
            }
            CSVRecord header = rows.next();
            if (header.size() < 2 || !RosterField.normalize(header.get(0)).equals("propertyname")) {
                throw new RosterFileException("manifest.csv line 1: the header must be propertyName,value");
            }
            while (rows.hasNext()) {
                CSVRecord row = rows.next();
                lastLine = manifest.getCurrentLineNumber();
                if (row.size() >= 2) {
                    String name = row.get(0).strip().toLowerCase(Locale.ROOT);
                    properties.put(name, row.get(1).strip());
                    lines.put(name, lastLine);
                }
            }
        } catch (IOException | UncheckedIOException | IllegalStateException e) {
            throw unreadable("manifest.csv", lastLine + 1, e);
        }
        String version = properties.get("oneroster.version");
        if (version != null && !version.isEmpty() && !version.equals("1.1")) {
            throw new RosterFileException("manifest.csv line " + lines.get("oneroster.version")
                    + ": oneroster.version is " + version + "; this feed reads OneRoster 1.1 CSV exports. Export in"
                    + " version 1.1");
        }
        String users = properties.getOrDefault("file.users", "");
        return switch (users.toLowerCase(Locale.ROOT)) {
            case "bulk" -> RosterMode.BULK;
            case "delta" -> RosterMode.DELTA;
            case "absent" -> RosterMode.ABSENT;
            default -> throw new RosterFileException(users.isEmpty()
                    ? "manifest.csv line " + lastLine + ": the file ends without a file.users row; add"
                            + " file.users,bulk (or delta, or absent)"
                    : "manifest.csv line " + lines.get("file.users") + ": file.users is '" + users + "'; it must"
                            + " be bulk, delta or absent");
        };
    }

    /**
     * Characters of sourcedIds, identifiers and types the orgs of one export may hold in memory (about 16 MB): a
     * district's few hundred orgs take a few kilobytes, a state's tens of thousands a few megabytes.
     */
    static final long ORGS_BUDGET = 8_000_000;

    /**
     * Org sourcedId → the org's identifier and type, streamed from orgs.csv; only those three values of each org are
     * kept, within {@link #ORGS_BUDGET}.
     */
    static Map<String, Org> orgs(ExportMembers members) {
        Map<String, Org> orgs = new HashMap<>();
        long line = 1;
        long kept = 0;
        try (CSVParser parser = parser(members, "orgs.csv").orElseThrow(() -> new RosterFileException("the export"
                + " has no orgs.csv; it is needed to find each student's school (orgSourcedIds → identifier)."
                + " Include orgs.csv, also in a delta export"))) {
            Iterator<CSVRecord> rows = parser.iterator();
            if (!rows.hasNext()) {
                throw new RosterFileException("orgs.csv line 1: the file is empty");
            }
            Map<String, Integer> header = headerIndex(rows.next());
            Integer id = header.get("sourcedid");
            Integer identifier = header.get("identifier");
            if (id == null || identifier == null) {
                throw new RosterFileException("orgs.csv line 1: the header needs the columns sourcedId and"
                        + " identifier; it has " + String.join(",", header.keySet()));
            }
            Integer type = header.get("type");
            for (line = parser.getCurrentLineNumber() + 1; rows.hasNext(); line = parser.getCurrentLineNumber() + 1) {
                CSVRecord row = rows.next();
                Org org = new Org(cell(row, identifier), cell(row, type), line);
                String sourcedId = cell(row, id);
                kept += sourcedId.length() + org.identifier().length() + org.type().length();
                if (kept > ORGS_BUDGET) {
                    throw new RosterFileException("orgs.csv line " + line + ": the file lists more orgs than an"
                            + " export of a district holds (" + orgs.size() + " orgs so far, with " + ORGS_BUDGET
                            + " characters of sourcedIds and identifiers); export the orgs of your district only");
                }
                orgs.put(sourcedId, org);
            }
        } catch (IOException | UncheckedIOException | IllegalStateException e) {
            throw unreadable("orgs.csv", line, e);
        }
        return orgs;
    }

    static Optional<CSVParser> parser(ExportMembers members, String name) {
        InputStream in = null;
        try {
            Optional<InputStream> member = members.open(name);
            if (member.isEmpty()) {
                return Optional.empty();
            }
            // read once to its end first: bytes that are not UTF-8 text are named by their line, which the reader's
            // buffer would meet lines ahead of the parser
            try (InputStream check = member.get()) {
                RosterEncoding.requireUtf8Text(check, name);
            }
            in = members.open(name).orElseThrow();
            // OneRoster files are UTF-8; the spec allows a byte order mark
            BOMInputStream bom = BOMInputStream.builder().setInputStream(in).get();
            InputStreamReader reader = new InputStreamReader(bom, StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT));
            // below the parser: it fails a record past the limit before the parser has held more of it
            RecordLimit limited = new RecordLimit(reader, members.limits().recordLength(), ',', false, name);
            return Optional.of(CSVParser.builder().setReader(limited).setFormat(FORMAT).get());
        } catch (IOException e) {
            if (in != null) {
                try {
                    in.close();
                } catch (IOException ignored) {
                    // already failing
                }
            }
            throw unreadable(name, 1, e);
        }
    }

    private static Map<String, Integer> headerIndex(CSVRecord header) {
        Map<String, Integer> index = new LinkedHashMap<>();
        for (int i = 0; i < header.size(); i++) {
            index.putIfAbsent(RosterField.normalize(header.get(i)), i);
        }
        return index;
    }

    static RosterFileException unreadable(String file, long line, Exception e) {
        Throwable cause = e instanceof UncheckedIOException u ? u.getCause() : e.getCause() != null ? e.getCause() : e;
        String where = file + (line > 0 ? " line " + line : "");
        if (cause instanceof CharacterCodingException || e instanceof CharacterCodingException) {
            return new RosterFileException(where + ": the file is not UTF-8 text, as OneRoster requires; export"
                    + " it again", e);
        }
        if (cause instanceof java.util.zip.ZipException) {
            return new RosterFileException(where + ": the zip archive is damaged (" + cause.getMessage()
                    + "); export it again and upload the complete file", e);
        }
        return new RosterFileException(where + ": the file cannot be read as CSV (" + e.getMessage() + ")", e);
    }

    static void closeQuietly(CSVParser parser) {
        if (parser != null) {
            try {
                parser.close();
            } catch (IOException ignored) {
                // only read from
            }
        }
    }

    /** A record's value in a column, stripped; empty when the column is absent or the record is short. */
    static String cell(CSVRecord record, Integer column) {
        return column == null || column >= record.size() ? "" : CsvRecords.clean(record.get(column));
    }
}
