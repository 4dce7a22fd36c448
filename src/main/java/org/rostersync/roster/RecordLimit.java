package org.rostersync.roster;

import java.io.IOException;
import java.io.Reader;

/**
 * Stands between a file's text and Commons CSV, which holds a whole record in memory and has no limit of its own:
 * follows the quotes as the parser reads them and refuses a record once it runs on past the limit, so a quote left
 * open never makes the parser buffer the rest of the file. Counts physical lines as the parser does ({@code \r\n},
 * {@code \n} or {@code \r}) to name the line the record starts on.
 */
final class RecordLimit extends Reader {

    private static final int RECORD_START = 0;
    private static final int FIELD_START = 1;
    private static final int UNQUOTED = 2;
    private static final int QUOTED = 3;
    /** A quote inside a quoted value: the value's end, or the first half of {@code ""}. */
    private static final int QUOTE_IN_QUOTED = 4;

    private final Reader in;
    private final int max;
    private final char delimiter;
    private final boolean spacesBeforeQuote;
    private final String file;
    private int state = RECORD_START;
    private int length;
    private long line = 1;
    private long recordLine = 1;
    private boolean afterCr;
    /** Thrown at the parser's next read once a record is over the limit. */
    private RosterFileException tooLong;

    /**
     * @param max               characters a record may have
     * @param delimiter         the file's delimiter
     * @param spacesBeforeQuote whether the parser skips spaces before a quote that opens a value
     * @param file              the file's name for messages ({@code users.csv}), or {@code null} for the upload itself
     */
    RecordLimit(Reader in, int max, char delimiter, boolean spacesBeforeQuote, String file) {
        this.in = in;
        this.max = max;
        this.delimiter = delimiter;
        this.spacesBeforeQuote = spacesBeforeQuote;
        this.file = file;
    }

    @Override
    public int read(char[] buffer, int offset, int count) throws IOException {
        if (tooLong != null) {
            throw tooLong;
        }
        int n = in.read(buffer, offset, count);
        for (int i = offset; i < offset + n; i++) {
            if (!step(buffer[i])) {
                // the parser reads ahead: the records before this one are still its to return
                if (i == offset) {
                    throw tooLong;
                }
                return i - offset;
            }
        }
        return n;
    }

    @Override
    public int read() throws IOException {
        if (tooLong != null) {
            throw tooLong;
        }
        int c = in.read();
        if (c >= 0 && !step((char) c)) {
            throw tooLong;
        }
        return c;
    }

    /** Follows one character; false (with {@link #tooLong} set) when it is one too many for its record. */
    private boolean step(char c) {
        boolean eol = c == '\n' || c == '\r';
        if (eol && !(c == '\n' && afterCr)) {
            line++;
        }
        afterCr = c == '\r';
        if (state == RECORD_START) {
            if (eol) {
                return true; // an empty line, skipped by the parser
            }
            state = FIELD_START;
            recordLine = line;
            length = 0;
        }
        if (++length > max) {
            tooLong = tooLong();
            return false;
        }
        state = switch (state) {
            case FIELD_START -> c == delimiter ? FIELD_START : eol ? RECORD_START : c == '"' ? QUOTED
                    : spacesBeforeQuote && Character.isWhitespace(c) ? FIELD_START : UNQUOTED;
            case UNQUOTED -> c == delimiter ? FIELD_START : eol ? RECORD_START : UNQUOTED;
            case QUOTED -> c == '"' ? QUOTE_IN_QUOTED : QUOTED;
            default -> c == '"' ? QUOTED : c == delimiter ? FIELD_START : eol ? RECORD_START : UNQUOTED;
        };
        return true;
    }

    private RosterFileException tooLong() {
        String where = (file == null ? "" : file + " ") + "line " + recordLine;
        String limit = String.format(java.util.Locale.ROOT, "%,d", max);
        if (state == QUOTED || state == QUOTE_IN_QUOTED) {
            return new RosterFileException(where + ": a quoted value opened in the row that starts on this line runs"
                    + " on past " + limit + " characters (rostersync.max-record-length), so its quote is"
                    + " probably never closed and the rest of the file would be read as one value; look for an"
                    + " unclosed quote on line " + recordLine + ", correct it in the export and upload it again");
        }
        return new RosterFileException(where + ": the row that starts on this line is longer than " + limit
                + " characters (rostersync.max-record-length); look for an unclosed quote or a missing line break"
                + " on line " + recordLine + ", or raise rostersync.max-record-length if the row is really that"
                + " long");
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
