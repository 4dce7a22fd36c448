package org.rostersync.roster;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The text encoding of a roster file, decided before it is parsed. A byte-order mark decides (UTF-8, UTF-16LE/BE:
 * Excel's "CSV UTF-8" and "Unicode text"); without one the file is scanned once, a buffer at a time: valid UTF-8
 * stays UTF-8, anything else is read as Windows-1252 (Excel's plain "CSV" on Windows) and the run says so. Binary
 * content (a zip or Excel workbook; NUL or other control bytes in the header line or in more than 1 of 100 bytes) is
 * refused with a message saying what to export; a few NUL bytes in the rows reject only their rows (see
 * {@link RosterFileReader}).
 *
 * @param charset   the encoding to read the file with
 * @param bomLength bytes of byte-order mark to skip
 * @param fallback  true when the file was not valid UTF-8 and is read as Windows-1252
 */
public record RosterEncoding(Charset charset, int bomLength, boolean fallback) {

    public static final Charset WINDOWS_1252 = Charset.forName("windows-1252");

    private static final int BUFFER = 64 * 1024;

    /** A sentence for the run's report when the encoding needs mentioning, or {@code null}. */
    public String note() {
        return fallback ? "The file is not valid UTF-8, so it was read as Windows-1252; save it as \"CSV UTF-8\""
                + " to be sure every accent is kept." : null;
    }

    /**
     * Decides the encoding of a file.
     *
     * @throws RosterFileException when the file holds binary data rather than text
     */
    public static RosterEncoding detect(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return detect(in);
        }
    }

    /** Decides the encoding of a stream (a member of an export), read from its start. */
    static RosterEncoding detect(InputStream in) throws IOException {
        {
            byte[] buffer = new byte[BUFFER];
            int filled = in.readNBytes(buffer, 0, buffer.length);
            RosterEncoding marked = startsWith(buffer, filled, 0xEF, 0xBB, 0xBF)
                    ? new RosterEncoding(StandardCharsets.UTF_8, 3, false)
                    : startsWith(buffer, filled, 0xFF, 0xFE) ? new RosterEncoding(StandardCharsets.UTF_16LE, 2, false)
                    : startsWith(buffer, filled, 0xFE, 0xFF) ? new RosterEncoding(StandardCharsets.UTF_16BE, 2, false)
                    : null;
            if (marked != null) {
                Problem problem = firstProblem(in, buffer, marked.bomLength(), filled, marked.charset());
                if (problem != null && problem.misaligned()) {
                    throw new RosterFileException("line " + problem.line() + ": the " + marked.charset().name()
                            + " text of the file is out of step from this line on (a byte was lost or added, as a"
                            + " transfer in text mode does), so its rows cannot be read; transfer the file in binary"
                            + " mode, or export it again as \"CSV UTF-8\"");
                }
                if (problem != null && problem.binary()) {
                    throw new RosterFileException("line " + problem.line() + ": the file contains binary data, not"
                            + " text; export the roster from the SIS as CSV (UTF-8)");
                }
                if (problem != null) {
                    throw new RosterFileException("line " + problem.line() + ": the file is not valid "
                            + marked.charset().name() + " text, as its byte-order mark announces; save it as"
                            + " \"CSV UTF-8\" and upload it again");
                }
                return marked;
            }
            if (startsWith(buffer, filled, 'P', 'K', 0x03, 0x04)) {
                throw new RosterFileException("line 1: the file is a zip archive or an Excel workbook, not CSV text;"
                        + " in Excel use File > Save As > \"CSV UTF-8 (Comma delimited)\"");
            }
            return scan(in, buffer, filled);
        }
    }

    private static RosterEncoding scan(InputStream in, byte[] buffer, int filled) throws IOException {
        CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer bytes = ByteBuffer.allocate(BUFFER + 4);
        CharBuffer chars = CharBuffer.allocate(BUFFER + 4);
        boolean valid = true;
        long line = 1;
        int n = filled;
        while (n > 0) {
            int controls = 0;
            long firstLine = 0;
            for (int i = 0; i < n; i++) {
                byte b = buffer[i];
                if (b >= 0 && b < 0x20 && b != '\t' && b != '\n' && b != '\r' && b != '\f' && controls++ == 0) {
                    firstLine = line;
                }
                if (b == '\n') {
                    line++;
                }
            }
            if (controls > 0 && (firstLine == 1 || controls > Math.max(4, n / 100))) {
                // text has no NUL or other control bytes: a few in the rows are damaged values, and only reject
                // their rows; one in the header, or more than 1 in 100 bytes (and 4), is not a CSV export (UTF-16
                // without its mark, a workbook)
                throw new RosterFileException("line " + firstLine + ": the file contains binary data, not text;"
                        + " export the roster from the SIS as CSV (UTF-8)");
            }
            if (valid) {
                bytes.put(buffer, 0, n).flip();
                CoderResult result = utf8.decode(bytes, chars, false);
                chars.clear();
                valid = !result.isError();
                bytes.compact();
            }
            n = in.readNBytes(buffer, 0, buffer.length);
        }
        if (valid) {
            bytes.flip();
            valid = !utf8.decode(bytes, chars, true).isError() && !utf8.flush(chars).isError();
        }
        return valid ? new RosterEncoding(StandardCharsets.UTF_8, 0, false) : new RosterEncoding(WINDOWS_1252, 0,
                true);
    }

    /**
     * What is wrong with a file in a known encoding, and on which line; {@code null} when nothing is.
     *
     * @param misaligned UTF-16 read one byte out of step: text turned into characters of other scripts
     */
    record Problem(long line, boolean binary, boolean misaligned) {

        Problem(long line, boolean binary) {
            this(line, binary, false);
        }
    }

    /**
     * A UTF-16 character whose bytes, swapped, are a printable ASCII character ({@code 'A'} read one byte out of step
     * is U+4100): the text of a UTF-16 file that lost or gained one byte. A run of {@link #MISALIGNED_RUN} of them
     * is no script's text (one CJK character in 256 ends in a zero byte).
     */
    private static boolean swappedAscii(char c) {
        return (c & 0xFF) == 0 && (c >> 8) >= 0x20 && (c >> 8) < 0x7F;
    }

    private static final int MISALIGNED_RUN = 8;

    /**
     * Reads the rest of a file in the encoding its byte-order mark (or its format) announces, counting lines in the
     * decoded text: the first bytes that are not text in that encoding, or binary content (control characters in
     * the first line, or more than 1 in 100 of a block and more than 4), named by line. The reader's own buffer
     * would meet such bytes lines ahead of the parser, and so name the wrong line.
     */
    static Problem firstProblem(InputStream in, byte[] buffer, int from, int filled, Charset charset)
            throws IOException {
        CharsetDecoder decoder = charset.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer bytes = ByteBuffer.allocate(BUFFER + 4);
        CharBuffer chars = CharBuffer.allocate(BUFFER + 4);
        long line = 1;
        int start = from;
        int n = filled;
        boolean utf16 = charset.equals(StandardCharsets.UTF_16LE) || charset.equals(StandardCharsets.UTF_16BE);
        int swapped = 0;
        while (true) {
            boolean end = n <= 0;
            if (!end) {
                bytes.put(buffer, start, n - start);
            }
            bytes.flip();
            CoderResult result = decoder.decode(bytes, chars, end);
            if (!result.isError() && end) {
                result = decoder.flush(chars);
            }
            chars.flip();
            int controls = 0;
            long firstControlLine = 0;
            for (int i = 0; i < chars.limit(); i++) {
                char c = chars.get(i);
                if (VisibleText.hidden(c) && controls++ == 0) {
                    firstControlLine = line;
                }
                swapped = utf16 && swappedAscii(c) ? swapped + 1 : 0;
                if (swapped == MISALIGNED_RUN) {
                    return new Problem(line, false, true);
                }
                if (c == '\n') {
                    line++;
                }
            }
            if (controls > 0 && (firstControlLine == 1 || controls > Math.max(4, chars.limit() / 100))) {
                return new Problem(firstControlLine, true);
            }
            chars.clear();
            if (result.isError()) {
                return new Problem(line, false);
            }
            if (end) {
                return null;
            }
            bytes.compact();
            start = 0;
            n = in.readNBytes(buffer, 0, buffer.length);
        }
    }

    /**
     * Refuses a file that must be UTF-8 text (a OneRoster export's files), naming the file and the line; a
     * byte-order mark is allowed.
     */
    static void requireUtf8Text(InputStream in, String file) throws IOException {
        byte[] buffer = new byte[BUFFER];
        int filled = in.readNBytes(buffer, 0, buffer.length);
        Problem problem = firstProblem(in, buffer, startsWith(buffer, filled, 0xEF, 0xBB, 0xBF) ? 3 : 0, filled,
                StandardCharsets.UTF_8);
        if (problem != null) {
            throw new RosterFileException(file + " line " + problem.line() + (problem.binary()
                    ? ": the file contains binary data, not text; export it again as OneRoster 1.1 CSV (UTF-8)"
                    : ": the file is not UTF-8 text, as OneRoster requires; export it again"));
        }
    }

    private static boolean startsWith(byte[] buffer, int filled, int... prefix) {
        if (filled < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if ((buffer[i] & 0xFF) != prefix[i]) {
                return false;
            }
        }
        return true;
    }
}
