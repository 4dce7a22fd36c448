package org.rostersync.support;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * A hostile roster of any size, made as it is read and never held: its first lines as given, then rows repeated
 * (numbered, so they do not compress to nothing) up to the size. With a quote opened in the first lines and never
 * closed, every row after it is one run-on value. Counts the bytes read from it.
 */
public final class RunOnRoster extends InputStream {

    private final byte[] head;
    private final long size;
    private long position;
    private byte[] row = new byte[0];
    private int inRow;
    private long rowNumber;

    /**
     * @param head the file's first lines
     * @param size bytes in all
     */
    public RunOnRoster(String head, long size) {
        this.head = head.getBytes(StandardCharsets.UTF_8);
        this.size = size;
    }

    /** Bytes read so far. */
    public long bytesRead() {
        return position;
    }

    @Override
    public int read() {
        if (position >= size) {
            return -1;
        }
        int b;
        if (position < head.length) {
            b = head[(int) position];
        } else {
            if (inRow == row.length) {
                row = (++rowNumber + 500_000 + ",Cy" + rowNumber % 97 + ",Diaz,3\n").getBytes(StandardCharsets.UTF_8);
                inRow = 0;
            }
            b = row[inRow++];
        }
        position++;
        return b & 0xFF;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) {
        if (length == 0) {
            return 0;
        }
        int n = 0;
        while (n < length) {
            int b = read();
            if (b < 0) {
                break;
            }
            buffer[offset + n++] = (byte) b;
        }
        return n == 0 ? -1 : n;
    }
}
