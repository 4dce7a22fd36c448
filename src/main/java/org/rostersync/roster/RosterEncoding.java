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
            byte[] buffer = new byte[BUFFER];
            int filled = in.readNBytes(buffer, 0, buffer.length);
            if (startsWith(buffer, filled, 0xEF, 0xBB, 0xBF)) {
                long malformed = malformedUtf8Line(in, buffer, 3, filled);
                if (malformed > 0) {
                    // found here, where lines are counted; the reader's buffer would meet it lines ahead of the parser
                    throw new RosterFileException("line " + malformed + ": the file is not valid UTF-8 text, as its"
                            + " byte-order mark announces; save it as \"CSV UTF-8\" and upload it again");
                }
                return new RosterEncoding(StandardCharsets.UTF_8, 3, false);
            }
            if (startsWith(buffer, filled, 0xFF, 0xFE)) {
                return new RosterEncoding(StandardCharsets.UTF_16LE, 2, false);
            }
            if (startsWith(buffer, filled, 0xFE, 0xFF)) {
                return new RosterEncoding(StandardCharsets.UTF_16BE, 2, false);
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

    /** The line of the first byte that is not UTF-8, or -1 when the whole file is valid UTF-8. */
    private static long malformedUtf8Line(InputStream in, byte[] buffer, int from, int filled) throws IOException {
        CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer bytes = ByteBuffer.allocate(BUFFER + 4);
        CharBuffer chars = CharBuffer.allocate(BUFFER + 4);
        long line = 1;
        int start = from;
        int n = filled;
        while (true) {
            boolean end = n <= 0;
            if (!end) {
                bytes.put(buffer, start, n - start);
            }
            bytes.flip();
            CoderResult result = utf8.decode(bytes, chars, end);
            chars.clear();
            for (int i = 0; i < bytes.position(); i++) {
                if (bytes.get(i) == '\n') {
                    line++;
                }
            }
            if (result.isError()) {
                return line;
            }
            if (end) {
                return utf8.flush(chars).isError() ? line : -1;
            }
            bytes.compact();
            start = 0;
            n = in.readNBytes(buffer, 0, buffer.length);
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
