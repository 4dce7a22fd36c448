package org.rostersync.sync.web;

import org.rostersync.school.ImportFeed;
import org.rostersync.school.SchoolDirectory;
import org.rostersync.staff.AccessPolicy;
import org.rostersync.staff.ApiException;
import org.rostersync.staff.StaffMember;
import org.rostersync.staff.StaffRole;
import org.rostersync.sync.ImportRun;
import org.rostersync.sync.ImportRuns;
import org.springframework.stereotype.Component;

/** Which runs a staff member may see, revert and approve; the runs' API and pages both ask here. */
@Component
class RunAccess {

    private final ImportRuns runs;
    private final SchoolDirectory directory;
    private final AccessPolicy access;

    RunAccess(ImportRuns runs, SchoolDirectory directory, AccessPolicy access) {
        this.runs = runs;
        this.directory = directory;
        this.access = access;
    }

    /** The run, for a staff member who may see its feed: 404 for a run that does not exist, 403 otherwise. */
    ImportRun visibleRun(StaffMember staff, long runId) {
        ImportRun run = runs.find(runId).orElseThrow(() -> ApiException.notFound("run " + runId));
        ImportFeed feed = directory.feed(run.feedId()).orElse(null);
        // a removed feed's runs: only the admins of the district it belonged to
        if (feed == null ? staff.role() != StaffRole.DISTRICT_ADMIN
                || !runs.district(runId).map(staff.districtId()::equals).orElse(false)
                : !access.canSeeFeed(staff, feed)) {
            throw ApiException.forbidden("see run " + runId);
        }
        return run;
    }

    /** The run must be visible to the staff member, and they must be an admin of its feed. */
    void requireOperator(StaffMember staff, long runId, String refusal) {
        ImportRun run = visibleRun(staff, runId);
        ImportFeed feed = directory.feed(run.feedId())
                .orElseThrow(() -> ApiException.notFound("feed '" + run.feedId() + "'"));
        if (!access.canRunFeed(staff, feed)) {
            throw ApiException.forbidden(refusal);
        }
    }

    /** The staff member may approve what the run holds: an admin of its feed, a district admin for held moves. */
    void requireApprover(StaffMember staff, long runId) {
        requireOperator(staff, runId, "approve runs: only admins apply held deactivations");
        if (!access.mayApproveTransfers(staff) && runs.holdsTransfers(runId)) {
            throw ApiException.forbidden("approve run " + runId + ": it holds transfers of students out of schools"
                    + " its starter cannot see, and only a district admin may approve those");
        }
    }
}
