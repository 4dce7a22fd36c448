package org.rostersync.roster;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;

/** Tells a zip archive from a text file by its first bytes, whatever the file is called. */
final class ZipCheck {

    private ZipCheck() {
    }

    /** Whether the file starts like a zip archive ({@code PK}, then a local header or an empty archive). */
    static boolean isZip(Path file) {
        if (!Files.isRegularFile(file)) {
            return false;
        }
        try (InputStream in = Files.newInputStream(file)) {
            byte[] head = in.readNBytes(4);
            return head.length == 4 && head[0] == 'P' && head[1] == 'K'
                    && ((head[2] == 3 && head[3] == 4) || (head[2] == 5 && head[3] == 6));
        } catch (IOException e) {
            return false; // the CSV reader reports unreadable files with the line
        }
    }

    /** The end record's signature, and its size without the archive's comment. */
    private static final int END = 0x06054b50;
    private static final int END_SIZE = 22;
    /** The most bytes of the table of contents one entry may take: a header, a long name and some extra fields. */
    private static final long DIRECTORY_PER_ENTRY = 4096;

    /**
     * Refuses an archive whose end record declares more entries, or a larger table of contents, than the limit allows:
     * the JDK reads the whole table into memory when it opens an archive. The count is checked again on the entries
     * the JDK finds ({@link ExportMembers}); a ZIP64 record (over 65,535 entries or 4 GB) is left to that check.
     */
    static void requireSmallDirectory(Path file, RosterLimits.Zip limits) throws IOException {
        try (SeekableByteChannel channel = Files.newByteChannel(file)) {
            long size = channel.size();
            int tail = (int) Math.min(size, END_SIZE + 0xFFFF);
            ByteBuffer buffer = ByteBuffer.allocate(tail).order(ByteOrder.LITTLE_ENDIAN);
            channel.position(size - tail);
            while (buffer.hasRemaining() && channel.read(buffer) >= 0) {
                // fill the buffer with the file's tail
            }
            for (int i = tail - END_SIZE; i >= 0; i--) {
                if (buffer.getInt(i) != END) {
                    continue;
                }
                int entries = buffer.getShort(i + 10) & 0xFFFF;
                long directory = buffer.getInt(i + 12) & 0xFFFFFFFFL;
                if (entries != 0xFFFF && entries > limits.maxMembers()) {
                    throw new RosterFileException("the zip archive holds " + entries + " entries (files and"
                            + " folders), more than the " + limits.maxMembers() + " an export may have"
                            + " (rostersync.zip.max-members). A OneRoster export holds about 15 CSV files: zip only"
                            + " those, or raise rostersync.zip.max-members");
                }
                if (directory != 0xFFFFFFFFL && directory > DIRECTORY_PER_ENTRY * limits.maxMembers()) {
                    throw new RosterFileException("the zip archive's table of contents is " + directory + " bytes,"
                            + " more than " + limits.maxMembers() + " entries need (rostersync.zip.max-members);"
                            + " the archive is damaged or not an export. Export the roster again");
                }
                return;
            }
            // no end record: the JDK names the damage
        }
    }
}
