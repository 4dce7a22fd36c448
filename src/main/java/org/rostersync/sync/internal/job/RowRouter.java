package org.rostersync.sync.internal.job;

import java.util.List;
import java.util.Optional;

import org.rostersync.account.Usernames;
import org.rostersync.roster.HeaderMapping;
import org.rostersync.roster.RosterField;
import org.rostersync.roster.RosterLine;
import org.rostersync.roster.RosterRow;
import org.rostersync.roster.RowProblem;
import org.rostersync.roster.RowValidator;
import org.rostersync.school.FeedScope;
import org.rostersync.school.ImportFeed;
import org.rostersync.school.School;
import org.rostersync.school.SchoolDirectory;
import org.springframework.batch.infrastructure.item.ItemProcessor;

/**
 * Validates a line and routes it to its school: a district file by its School ID, a school file to the feed's
 * school (a School ID there must name that school).
 */
public class RowRouter implements ItemProcessor<RosterLine, LoadedRow> {

    private final ImportFeed feed;
    private final boolean staff;
    private final SchoolDirectory directory;
    private final RosterItemReader reader;
    /** The open file's header mapping, asked of the reader once: it is a step-scope proxy too. */
    private HeaderMapping mapping;

    public RowRouter(ImportFeed feed, SchoolDirectory directory, RosterItemReader reader) {
        this(feed, directory, reader, feed.staffOnly());
    }

    /** @param staff the run reads the feed's staff: rows are routed by {@link StaffRowRouter} */
    public RowRouter(ImportFeed feed, SchoolDirectory directory, RosterItemReader reader, boolean staff) {
        this.staff = staff;
        this.feed = feed;
        this.directory = directory;
        this.reader = reader;
    }

    @Override
    public LoadedRow process(RosterLine line) {
        if (staff) {
            return inFile(line, staffRows().process(line));
        }
        LoadedRow routed;
        if (!line.problems().isEmpty()) {
            routed = LoadedRow.Rejected.of(line, line.problems());
        } else if (line.withdrawn()) {
            routed = withdraw(line);
        } else {
            routed = route(line);
        }
        return inFile(line, routed);
    }

    /** A delta file's withdrawn student; the plan decides whether the feed may deactivate them. */
    private LoadedRow withdraw(RosterLine line) {
        String studentId = line.value(RosterField.STUDENT_ID);
        if (studentId == null) {
            String header = mapping().headerOf(RosterField.STUDENT_ID);
            return reject(line, header, header + " is empty; a withdrawn student is named by their "
                    + RosterField.STUDENT_ID.label());
        }
        if (studentId.length() > RosterField.STUDENT_ID.maxLength()) {
            // no account can have it, and the withdrawal must not fail the run
            String header = mapping().headerOf(RosterField.STUDENT_ID);
            return reject(line, header, header + " is " + studentId.length() + " characters long; the limit is "
                    + RosterField.STUDENT_ID.maxLength());
        }
        return new LoadedRow.Withdrawn(line.lineNumber(), studentId);
    }

    /** Rows of a multi-file export name their file, so that "line 7" is found in the right one. */
    static LoadedRow inFile(RosterLine line, LoadedRow routed) {
        if (line.fileName() == null || !(routed instanceof LoadedRow.Rejected rejected)) {
            return routed;
        }
        return new LoadedRow.Rejected(rejected.problems().stream()
                .map(p -> new RowProblem(p.lineNumber(), p.column(), line.fileName() + " line " + p.lineNumber()
                        + ": " + p.reason()))
                .toList(), rejected.studentId(), rejected.possibleIds());
    }

    private LoadedRow route(RosterLine line) {
        HeaderMapping mapping = mapping();
        RowValidator.Result result = RowValidator.validate(line, mapping);
        if (!result.valid()) {
            return LoadedRow.Rejected.of(line, result.problems());
        }
        RosterRow row = result.row();
        String header = mapping.headerOf(RosterField.SCHOOL_ID);
        String reference = row.schoolReference();
        String schoolId;
        if (feed.scope() == FeedScope.DISTRICT) {
            if (reference == null) {
                return reject(line, header, header + " is empty; a district file needs the School ID of each"
                        + " student's school");
            }
            Optional<School> school = directory.schoolByReference(feed.districtId(), reference);
            if (school.isEmpty()) {
                return reject(line, header, header + " '" + reference + "' is not a school of district '"
                        + feed.districtId() + "'; use a School ID from the district's settings (reference-id)");
            }
            schoolId = school.get().id();
        } else {
            School school = directory.school(feed.schoolId()).orElseThrow();
            if (reference != null && !reference.equals(school.referenceId())) {
                return reject(line, header, header + " '" + reference + "' is not " + school.name() + " (School ID "
                        + school.referenceId() + "); this feed imports only that school's students");
            }
            schoolId = school.id();
        }
        return new LoadedRow.Accepted(row, schoolId, Usernames.base(row.firstName(), row.lastName()),
                row.fingerprint(), line.possibleIds());
    }

    /** A staff roster's rows are validated and routed by their own rules. */
    private StaffRowRouter staffRows;

    private StaffRowRouter staffRows() {
        if (staffRows == null) {
            staffRows = new StaffRowRouter(feed, directory, mapping());
        }
        return staffRows;
    }

    private HeaderMapping mapping() {
        if (mapping == null) {
            mapping = reader.mapping();
        }
        return mapping;
    }

    private static LoadedRow reject(RosterLine line, String column, String reason) {
        return LoadedRow.Rejected.of(line, List.of(new RowProblem(line.lineNumber(), column, reason)));
    }
}
