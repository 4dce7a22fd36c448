package org.rostersync.roster;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;

/**
 * A member of an export as it is read, refused once it yields more bytes than its cap, or (past the first megabyte,
 * where small files of repeated text may compress well) more than the allowed multiple of its compressed size: a zip
 * bomb is stopped by what it inflates to, whatever its header declares.
 */
final class MemberLimit extends FilterInputStream {

    /** Below this a member's ratio is not judged: a short file of repeated values may compress better than 100:1. */
    private static final long RATIO_GRACE = 1024 * 1024;

    private final String name;
    private final long compressed;
    private final RosterLimits.Zip limits;
    private long read;

    /**
     * @param name       the member's name in the archive, for messages
     * @param compressed its compressed size, or {@code -1} for a file that is not compressed
     */
    MemberLimit(InputStream in, String name, long compressed, RosterLimits.Zip limits) {
        super(in);
        this.name = name;
        this.compressed = compressed;
        this.limits = limits;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            count(1);
        }
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = super.read(buffer, offset, length);
        if (n > 0) {
            count(n);
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        long skipped = super.skip(n);
        count(skipped);
        return skipped;
    }

    private void count(long n) {
        read += n;
        long cap = limits.maxMemberSize().toBytes();
        if (read > cap) {
            throw new RosterFileException("the export's member '" + name + "' holds more than "
                    + megabytes(cap) + " once uncompressed (rostersync.zip.max-member-size), far more than a roster"
                    + " needs; export the roster again, or raise"
                    + " rostersync.zip.max-member-size");
        }
        if (compressed >= 0 && read > RATIO_GRACE && read > (double) limits.maxRatio() * Math.max(compressed, 1)) {
            throw new RosterFileException("the export's member '" + name + "' inflates to more than "
                    + limits.maxRatio() + " times its compressed size of " + compressed + " bytes"
                    + " (rostersync.zip.max-ratio), as a zip bomb does, not an SIS export;"
                    + " export the roster again, or raise rostersync.zip.max-ratio");
        }
    }

    private static String megabytes(long bytes) {
        return bytes >= 1024 * 1024 ? String.format(Locale.ROOT, "%,d MB", bytes / (1024 * 1024))
                : String.format(Locale.ROOT, "%,d bytes", bytes);
    }
}
