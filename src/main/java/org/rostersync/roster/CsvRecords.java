package org.rostersync.roster;

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

    /** The reason a value holding a NUL character is rejected; the value itself is never repeated. */
    static String nulReason(String header) {
        return header + " contains a NUL character (byte 0), which is not text; remove it in the student information"
                + " system, or save the file again as \"CSV UTF-8\"";
    }
}
