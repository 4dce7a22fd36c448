package org.rostersync.roster;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A Clever roster as the import reads it: one CSV file ({@code students.csv} or {@code teachers.csv}), or Clever's
 * export of several, as a folder pulled over SFTP or a zip, from which the member named is read. A feed that reads
 * students and staff from one pull reads {@code students.csv} and {@code teachers.csv} from the same export.
 */
final class CleverExport {

    private CleverExport() {
    }

    /** A reader of the roster's {@code member}, and what to close with it ({@code null} for a plain CSV file). */
    record Opened(RosterFileReader reader, ExportMembers members) {
    }

    static Opened open(Path path, String member, Map<String, String> columns, RosterLimits limits,
            Set<RosterField> known) {
        if (!Files.isDirectory(path) && !(Files.isRegularFile(path) && ZipCheck.isZip(path))) {
            return new Opened(RosterFileReader.open(path, columns, Set.of(), limits, known), null);
        }
        ExportMembers members = ExportMembers.open(path, limits);
        try {
            RosterEncoding encoding;
            try (InputStream check = member(members, member)) {
                encoding = RosterEncoding.detect(check);
            }
            RosterFileReader reader = RosterFileReader.read(member(members, member), encoding, columns, Set.of(),
                    limits, known);
            return new Opened(reader, members);
        } catch (IOException e) {
            members.close();
            throw new RosterFileException(member + ": the Clever export cannot be read (" + e.getMessage() + ")", e);
        } catch (RuntimeException e) {
            members.close();
            throw e;
        }
    }

    private static InputStream member(ExportMembers members, String member) throws IOException {
        Optional<InputStream> in = members.open(member);
        return in.orElseThrow(() -> new RosterFileException("line 1: the file is a zip archive or a folder without "
                + member + " (an Excel workbook is a zip archive too); upload Clever's " + member + " as a CSV file,"
                + " or Clever's export holding " + member));
    }
}
