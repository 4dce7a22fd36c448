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
 * content (NUL bytes outside UTF-16, a zip or Excel workbook) is refused with a message saying what to export.
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
            for (int i = 0; i < n; i++) {
                if (buffer[i] == 0) {
                    throw new RosterFileException("line " + line + ": the file contains binary data, not text;"
                            + " export the roster from the SIS as CSV (UTF-8)");
                }
                if (buffer[i] == '\n') {
                    line++;
                }
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
