package org.rostersync.roster;

import java.io.Closeable;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

/**
 * A feed's roster, read record by record whatever its format; only the current record is in memory. Open one with
 * {@link #open}, which picks the reader for the feed's {@link RosterFormat}.
 */
public interface RosterSource extends Closeable {

    /**
     * Opens a roster and reads its header (and, for OneRoster, its manifest and orgs).
     *
     * @param file     a CSV file; for ONEROSTER a zip file or a folder holding the export's CSV files
     * @param columns  the feed's own header names, field key (e.g. {@code student-id}) → header; they win over the
     *                 format's own names
     * @param required fields the roster must have a column for
     * @throws RosterFileException when the roster cannot be read or lacks a required column
     */
    static RosterSource open(Path file, RosterFormat format, FormatOptions options, Map<String, String> columns,
            Set<RosterField> required) {
        return open(file, format, options, columns, required, RosterLimits.DEFAULTS);
    }

    /**
     * Opens a roster and reads its header, within the deployment's limits.
     *
     * @param limits how long a record may be, and how large a zipped export's members
     * @throws RosterFileException when the roster cannot be read, lacks a required column or is over a limit
     */
    static RosterSource open(Path file, RosterFormat format, FormatOptions options, Map<String, String> columns,
            Set<RosterField> required, RosterLimits limits) {
        FormatOptions chosen = options == null ? FormatOptions.DEFAULTS : options;
        RosterFormat chosenFormat = format == null ? RosterFormat.STANDARD : format;
        if (chosenFormat == RosterFormat.ONEROSTER) {
            return OneRosterExport.open(file, chosen.oneRosterStudentId(), columns, required, limits);
        }
        return chosenFormat == RosterFormat.CLEVER
                ? CleverRoster.open(file, chosen.cleverStudentId(), columns, required, limits)
                : new StandardRoster(RosterFileReader.open(file, columns, required, limits));
    }

    /**
     * Opens a roster of students or of staff. A staff roster is a STANDARD staff file, Clever's {@code teachers.csv} or
     * the teachers, aides and administrators of a OneRoster export's {@code users.csv}.
     *
     * @param kind what the roster gives; its lines carry the fields of {@link RosterField#of}
     */
    static RosterSource open(Path file, RosterFormat format, FormatOptions options, Map<String, String> columns,
            Set<RosterField> required, RosterLimits limits, RecordKind kind) {
        if (kind != RecordKind.STAFF) {
            return open(file, format, options, columns, required, limits);
        }
        RosterFormat chosenFormat = format == null ? RosterFormat.STANDARD : format;
        return switch (chosenFormat) {
            case ONEROSTER -> OneRosterExport.openStaff(file, columns, required, limits);
            case CLEVER -> CleverTeachers.open(file, columns, required, limits);
            default -> new StandardRoster(RosterFileReader.open(file, columns, required, limits,
                    RosterField.STAFF_FIELDS));
        };
    }

    /** Which column fed which field, and which columns were ignored. */
    HeaderMapping mapping();

    /** Whether the roster is complete, a delta, or carries no students. */
    RosterMode mode();

    /** The next student record, or {@code null} at the end. */
    RosterLine next();

    /** A sentence about how the file's encoding was read, for the run's report; {@code null} when plain UTF-8. */
    default String encodingNote() {
        return null;
    }

    /** Records consumed so far, students or not; what a restart skips. */
    long recordsRead();

    /** Skips records already processed, when a run restarts. */
    void skip(long count);

    @Override
    void close();
}
