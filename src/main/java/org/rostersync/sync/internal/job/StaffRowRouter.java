package org.rostersync.sync.internal.job;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.rostersync.roster.HeaderMapping;
import org.rostersync.roster.RosterField;
import org.rostersync.roster.RosterLine;
import org.rostersync.roster.RowProblem;
import org.rostersync.roster.RowValidator;
import org.rostersync.roster.StaffRow;
import org.rostersync.school.FeedScope;
import org.rostersync.school.ImportFeed;
import org.rostersync.school.School;
import org.rostersync.school.SchoolDirectory;

/**
 * Validates a staff roster's line and routes it to its schools, as {@link RowRouter} does a student's: a district
 * file by its School IDs, a school file to the feed's school (a School ID there must name that school). A rejected
 * row keeps its Staff ID, so that staff member is not taken for missing.
 */
final class StaffRowRouter {

    private final ImportFeed feed;
    private final SchoolDirectory directory;
    private final HeaderMapping mapping;

    StaffRowRouter(ImportFeed feed, SchoolDirectory directory, HeaderMapping mapping) {
        this.feed = feed;
        this.directory = directory;
        this.mapping = mapping;
    }

    LoadedRow process(RosterLine line) {
        if (!line.problems().isEmpty()) {
            return rejected(line, line.problems());
        }
        if (line.withdrawn()) {
            String staffId = line.value(RosterField.STAFF_ID);
            if (staffId == null || staffId.length() > RosterField.STAFF_ID.maxLength()) {
                String header = mapping.headerOf(RosterField.STAFF_ID);
                return reject(line, header, header + " is empty or too long; a withdrawn staff member is named by"
                        + " their Staff ID (at most " + RosterField.STAFF_ID.maxLength() + " characters)");
            }
            return new LoadedRow.Withdrawn(line.lineNumber(), staffId);
        }
        RowValidator.StaffResult result = RowValidator.validateStaff(line, mapping);
        if (!result.valid()) {
            return rejected(line, result.problems());
        }
        StaffRow row = result.row();
        String header = mapping.headerOf(RosterField.SCHOOL_ID);
        Set<String> schoolIds = new LinkedHashSet<>();
        if (feed.scope() == FeedScope.DISTRICT) {
            if (row.schoolReferences().isEmpty()) {
                return reject(line, header, header + " is empty; a district file needs the School ID of each staff"
                        + " member's school");
            }
            for (String reference : row.schoolReferences()) {
                Optional<School> school = directory.schoolByReference(feed.districtId(), reference);
                if (school.isEmpty()) {
                    return reject(line, header, header + " '" + reference + "' is not a school of district '"
                            + feed.districtId() + "'; use a School ID from the district's settings (reference-id)");
                }
                schoolIds.add(school.get().id());
            }
        } else {
            School school = directory.school(feed.schoolId()).orElseThrow();
            List<String> references = row.schoolReferences();
            if (!references.isEmpty() && !references.contains(school.referenceId())) {
                return reject(line, header, header + " '" + String.join(", ", references) + "' is not "
                        + school.name() + " (School ID " + school.referenceId()
                        + "); this feed imports only that school's staff");
            }
            // a OneRoster user at several schools: a school's feed takes only its own school
            schoolIds.add(school.id());
        }
        return new LoadedRow.StaffAccepted(row, new ArrayList<>(schoolIds));
    }

    private LoadedRow reject(RosterLine line, String column, String reason) {
        return rejected(line, List.of(new RowProblem(line.lineNumber(), column, reason)));
    }

    private static LoadedRow rejected(RosterLine line, List<RowProblem> problems) {
        String staffId = line.value(RosterField.STAFF_ID);
        if (staffId != null && staffId.length() > RosterField.STAFF_ID.maxLength()) {
            staffId = null;
        }
        return new LoadedRow.Rejected(problems, staffId, line.possibleIds());
    }
}
