package org.rostersync.sync.internal.database;

import java.util.Arrays;

/**
 * Rows in PostgreSQL's {@code COPY} text format, encoded straight to UTF-8: tab between fields, {@code \N} for
 * null, backslash escapes for backslash, tab and line breaks. Building a String first and encoding it afterwards
 * copied every character three times; this writes each once.
 */
final class CopyText {

    private byte[] bytes;
    private int length;
    private boolean rowStarted;

    CopyText(int capacity) {
        bytes = new byte[Math.max(capacity, 256)];
    }

    byte[] bytes() {
        return bytes;
    }

    int length() {
        return length;
    }

    /** Empties the buffer for the next rows, keeping its capacity. */
    void clear() {
        length = 0;
        rowStarted = false;
    }

    CopyText number(long value) {
        separator();
        String digits = Long.toString(value);
        ensure(digits.length());
        for (int i = 0; i < digits.length(); i++) {
            bytes[length++] = (byte) digits.charAt(i);
        }
        return this;
    }

    CopyText text(String value) {
        separator();
        if (value == null) {
            ensure(2);
            bytes[length++] = '\\';
            bytes[length++] = 'N';
            return this;
        }
        // at most 3 bytes per char (a surrogate pair is 2 chars for 4 bytes), 2 for an escaped ASCII one
        ensure(value.length() * 3);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x80) {
                switch (c) {
                    case '\\' -> escaped('\\');
                    case '\t' -> escaped('t');
                    case '\n' -> escaped('n');
                    case '\r' -> escaped('r');
                    default -> bytes[length++] = (byte) c;
                }
            } else if (c < 0x800) {
                bytes[length++] = (byte) (0xC0 | (c >> 6));
                bytes[length++] = (byte) (0x80 | (c & 0x3F));
            } else if (Character.isHighSurrogate(c) && i + 1 < value.length()
                    && Character.isLowSurrogate(value.charAt(i + 1))) {
                int code = Character.toCodePoint(c, value.charAt(++i));
                bytes[length++] = (byte) (0xF0 | (code >> 18));
                bytes[length++] = (byte) (0x80 | ((code >> 12) & 0x3F));
                bytes[length++] = (byte) (0x80 | ((code >> 6) & 0x3F));
                bytes[length++] = (byte) (0x80 | (code & 0x3F));
            } else if (Character.isSurrogate(c)) {
                bytes[length++] = '?'; // a lone surrogate, as String.getBytes(UTF_8) would write it
            } else {
                bytes[length++] = (byte) (0xE0 | (c >> 12));
                bytes[length++] = (byte) (0x80 | ((c >> 6) & 0x3F));
                bytes[length++] = (byte) (0x80 | (c & 0x3F));
            }
        }
        return this;
    }

    CopyText endRow() {
        ensure(1);
        bytes[length++] = '\n';
        rowStarted = false;
        return this;
    }

    private void escaped(char c) {
        bytes[length++] = '\\';
        bytes[length++] = (byte) c;
    }

    private void separator() {
        if (rowStarted) {
            ensure(1);
            bytes[length++] = '\t';
        }
        rowStarted = true;
    }

    private void ensure(int more) {
        if (length + more > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + more));
        }
    }
}
