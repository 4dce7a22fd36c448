package org.rostersync.roster;

import java.util.List;

import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Where each record of a CSV file starts, for messages that name a line. Commons CSV reports the line the parser is
 * on after a record, which is the record's last line: blank lines skipped before it, and line breaks inside its
 * quoted values, are not the line it starts on.
 */
final class CsvRecords {

    private final CSVParser parser;
    private long lineAfterPrevious;

    /** Call once the header has been read. */
    CsvRecords(CSVParser parser) {
        this.parser = parser;
        this.lineAfterPrevious = parser.getCurrentLineNumber();
    }

    /**
     * The line the record just read starts on. Most records are the line after the previous one, and need no look
     * at their values.
     */
    long startLine(CSVRecord record) {
        long last = parser.getCurrentLineNumber();
        long number = last == lineAfterPrevious + 1 ? last : last - lineBreaks(record);
        lineAfterPrevious = last;
        return number;
    }

    /** The record just read is not a row (a row of empty cells): the next one starts after it. */
    void skipped() {
        lineAfterPrevious = parser.getCurrentLineNumber();
    }

    /** The line the next record is expected to start on, for an error the parser raises while reading it. */
    long nextLine() {
        return lineAfterPrevious + 1;
    }

    /** A row of empty cells, such as Excel's trailing {@code ,,,}: skipped, not a row. */
    static boolean blank(CSVRecord record) {
        for (int i = 0; i < record.size(); i++) {
            if (!record.get(i).isBlank()) {
                return false;
            }
        }
        return true;
    }

    /** Line breaks inside the record's quoted values ({@code \r\n} is one). */
    private static int lineBreaks(CSVRecord record) {
        int breaks = 0;
        for (int i = 0; i < record.size(); i++) {
            String value = record.get(i);
            for (int k = 0; k < value.length(); k++) {
                char c = value.charAt(k);
                if (c == '\n' || (c == '\r' && (k + 1 == value.length() || value.charAt(k + 1) != '\n'))) {
                    breaks++;
                }
            }
        }
        return breaks;
    }

    /**
     * A cell without the spaces around it, nor the invisible marks that exports leave at its ends: a byte-order mark
     * from files joined together, zero-width spaces and joiners, and no-break spaces (Excel keeps the {@code &nbsp;}
     * of a table pasted from a web page or a PDF).
     */
    static String clean(String cell) {
        String value = cell.strip();
        int start = 0;
        int end = value.length();
        while (start < end && invisible(value.charAt(start))) {
            start++;
        }
        while (end > start && invisible(value.charAt(end - 1))) {
            end--;
        }
        return start == 0 && end == value.length() ? value : value.substring(start, end).strip();
    }

    private static boolean invisible(char c) {
        return c == '\uFEFF' || (c >= '\u200B' && c <= '\u200D') || c == '\u2060' || Character.isWhitespace(c)
                || Character.isSpaceChar(c);
    }

    /**
     * Why a value of a roster field is not text, or {@code null}. A control character is a damaged value. A line
     * break in an ID, a name, a grade or a date means a quote left open swallowed the next lines; free text (Home
     * Room, Reference ID) may hold one. A tab inside a Student ID, the key of an account, most likely stands where a
     * delimiter was, and a double quote in it is a stray one (read literally inside an unquoted value): either would
     * make a new account of a student the file still names.
     */
    static String notText(String header, String value, RosterField field) {
        boolean freeText = field == RosterField.HOME_ROOM || field == RosterField.REFERENCE_ID;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\t' && field == RosterField.STUDENT_ID) {
                return header + " contains a tab, which may stand where a delimiter was; remove it, or save the"
                        + " export again with one delimiter between values";
            }
            if (c == '"' && field == RosterField.STUDENT_ID) {
                return header + " contains a double quote, which a Student ID never holds: a quote of the export is"
                        + " probably stray; remove it in the student information system";
            }
            if (c == 0) {
                return nulReason(header);
            }
            if ((c == '\n' || c == '\r') && !freeText) {
                return header + " runs over more than one line: a quote opened in this row is probably never closed,"
                        + " so the lines after it were read as part of it; correct the quotes in the SIS export";
            }
            if (VisibleText.hidden(c)) {
                return header + " contains a control character (" + String.format("U+%04X", (int) c) + "), which"
                        + " is not text; remove it in the student information system";
            }
        }
        return null;
    }

    /** The value without its control characters (for a rejected row's Student ID). */
    static String withoutControls(String value) {
        StringBuilder out = new StringBuilder(value.length());
        value.chars().filter(c -> !VisibleText.hidden(c) && c != '\n' && c != '\r').forEach(c -> out.append((char) c));
        return out.toString().strip();
    }

    /**
     * Where a stray delimiter or a swallowed row may have joined two values: any delimiter, space, line break, double
     * quote or control character (a tab or another control byte may stand where the export's delimiter was).
     */
    private static final java.util.regex.Pattern JOINS = java.util.regex.Pattern.compile("[,;|\"\\s\\p{Cc}]+");

    /**
     * Every value of a record that could be a Student ID, its cells split wherever values may have been joined: for
     * a row shifted by a stray delimiter, or one that swallowed the next rows through an unclosed quote. The whole
     * cells count too (an ID may hold a space).
     */
    static List<String> possibleIds(CSVRecord record) {
        java.util.Set<String> ids = new java.util.LinkedHashSet<>();
        for (int i = 0; i < record.size(); i++) {
            String cell = record.get(i);
            addId(ids, cell);
            for (String piece : JOINS.split(cell)) {
                addId(ids, piece);
            }
        }
        return List.copyOf(ids);
    }

    private static void addId(java.util.Set<String> ids, String value) {
        String id = withoutControls(clean(value));
        if (!id.isEmpty()) {
            // a value longer than an ID may hold one glued to its neighbour or with text run on
            ids.add(id.length() <= RosterLine.POSSIBLE_ID_LENGTH ? id : id.substring(0, RosterLine.POSSIBLE_ID_LENGTH));
        }
    }

    /** The reason a value holding a NUL character is rejected; the value itself is never repeated. */
    static String nulReason(String header) {
        return header + " contains a NUL character (byte 0), which is not text; remove it in the student information"
                + " system, or save the file again as \"CSV UTF-8\"";
    }
}
