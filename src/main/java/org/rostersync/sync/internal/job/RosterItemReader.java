package org.rostersync.sync.internal.job;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Set;

import org.rostersync.roster.HeaderMapping;
import org.rostersync.roster.RecordKind;
import org.rostersync.roster.RosterField;
import org.rostersync.roster.RosterLimits;
import org.rostersync.roster.RosterLine;
import org.rostersync.roster.RosterMode;
import org.rostersync.roster.RosterSource;
import org.rostersync.school.FeedScope;
import org.rostersync.school.ImportFeed;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStreamReader;

/**
 * Streams a roster file into the load step one record at a time. Restartable: it saves how many records were
 * read, and a restarted step skips those (their rows were committed with the chunk that read them).
 */
public class RosterItemReader implements ItemStreamReader<RosterLine> {

    private static final String READ_COUNT = "roster.records";

    /** The step context key of a sentence about the file's encoding for the run's report. */
    public static final String ENCODING_NOTE = "roster.encodingNote";

    /** The step context key of a warning for the run's message about columns the feed's last good file had. */
    public static final String COLUMNS_NOTE = "roster.columnsNote";

    private final Path file;
    private final ImportFeed feed;
    private final RosterReports reports;
    private final long runId;
    private final RosterLimits limits;
    private final RecordKind kind;
    private RosterSource reader;

    public RosterItemReader(Path file, ImportFeed feed) {
        this(file, feed, null, 0, RosterLimits.DEFAULTS);
    }

    /**
     * A reader that records the file's column map and mode for the run's report and plan.
     *
     * @param limits how long a record may be, and how large a zipped export's members
     */
    public RosterItemReader(Path file, ImportFeed feed, RosterReports reports, long runId, RosterLimits limits) {
        this(file, feed, reports, runId, limits, feed.staffOnly() ? RecordKind.STAFF : RecordKind.STUDENTS);
    }

    /** @param kind what the run reads from the file: students, or the feed's staff */
    public RosterItemReader(Path file, ImportFeed feed, RosterReports reports, long runId, RosterLimits limits,
            RecordKind kind) {
        this.kind = kind;
        this.file = file;
        this.feed = feed;
        this.reports = reports;
        this.runId = runId;
        this.limits = limits;
    }

    @Override
    public void open(ExecutionContext context) {
        Set<RosterField> required = kind == RecordKind.STAFF
                ? EnumSet.of(RosterField.STAFF_ID, RosterField.FIRST_NAME, RosterField.LAST_NAME, RosterField.EMAIL,
                        RosterField.ROLE)
                : EnumSet.of(RosterField.STUDENT_ID, RosterField.FIRST_NAME, RosterField.LAST_NAME, RosterField.GRADE);
        if (feed.scope() == FeedScope.DISTRICT) {
            required.add(RosterField.SCHOOL_ID);
        }
        reader = RosterSource.open(file, feed.format(), feed.formatOptions(), feed.columns(), required, limits, kind);
        if (reader.encodingNote() != null) {
            context.putString(ENCODING_NOTE, reader.encodingNote());
        }
        if (reports != null) {
            reports.record(runId, reader.mapping(), reader.mode());
            String lost = reader.mode() == RosterMode.ABSENT ? null
                    : reports.lostColumnsWarning(runId, feed.id(), reader.mapping());
            if (lost != null) {
                context.putString(COLUMNS_NOTE, lost);
            }
        }
        reader.skip(context.getLong(READ_COUNT, 0L));
    }

    @Override
    public RosterLine read() {
        return reader.next();
    }

    @Override
    public void update(ExecutionContext context) {
        if (reader != null) {
            context.putLong(READ_COUNT, reader.recordsRead());
        }
    }

    @Override
    public void close() {
        if (reader != null) {
            reader.close();
            reader = null;
        }
    }

    /** The open file's mode: a complete snapshot (BULK) or a delta. */
    public RosterMode mode() {
        if (reader == null) {
            throw new IllegalStateException("the roster file is not open");
        }
        return reader.mode();
    }

    /** The header mapping of the open file. */
    public HeaderMapping mapping() {
        if (reader == null) {
            throw new IllegalStateException("the roster file is not open");
        }
        return reader.mapping();
    }
}
