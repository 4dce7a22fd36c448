package org.rostersync.support;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Large STANDARD roster files for the tests that run the real jar. */
public final class LargeRosters {

    private LargeRosters() {
    }

    /**
     * Writes {@code file}: the students {@code S1} to {@code S<count>}, grades 1 to 12, with a few hundred distinct
     * names, so usernames collide and get numbers, as in a real district.
     */
    public static Path students(Path file, int count) throws IOException {
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write("Student ID,First Name,Last Name,Grade\n");
            for (int i = 1; i <= count; i++) {
                out.write("S" + i + ",First" + (char) ('a' + i % 26) + ",Last" + (char) ('a' + i % 17) + ","
                        + (1 + i % 12) + "\n");
            }
        }
        return file;
    }
}
