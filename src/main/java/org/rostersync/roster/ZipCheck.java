package org.rostersync.roster;

import java.io.IOException;
import java.io.InputStream;
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
}
