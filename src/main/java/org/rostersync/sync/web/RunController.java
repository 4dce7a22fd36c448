package org.rostersync.sync.web;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletResponse;

import org.rostersync.school.ImportFeed;
import org.rostersync.staff.AccessPolicy;
import org.rostersync.staff.Paging;
import org.rostersync.staff.StaffMember;
import org.rostersync.sync.ChangeAction;
import org.rostersync.sync.ColumnMap;
import org.rostersync.sync.ImportRun;
import org.rostersync.sync.ImportRuns;
import org.rostersync.sync.PlannedChange;
import org.rostersync.sync.RejectedRow;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import com.fasterxml.jackson.annotation.JsonUnwrapped;

/** Run reports: runs, one run, its rejected rows and its plan; approving what a guard held. */
@RestController
class RunController {

    private static final String TOTAL = "X-Total-Count";

    private final ImportRuns runs;
    private final AccessPolicy access;
    private final RunAccess runAccess;
    private final RejectedRowsCsv csv;

    RunController(ImportRuns runs, AccessPolicy access, RunAccess runAccess, RejectedRowsCsv csv) {
        this.runs = runs;
        this.access = access;
        this.runAccess = runAccess;
        this.csv = csv;
    }

    @GetMapping("/api/runs")
    ResponseEntity<List<ImportRun>> list(@AuthenticationPrincipal StaffMember staff,
            @RequestParam(required = false) String feedId, @RequestParam(required = false) Integer limit,
            @RequestParam(required = false) Integer page, @RequestParam(required = false) Integer size) {
        Paging paging = Paging.of(page, size != null ? size : limit);
        List<String> feeds;
        // an empty feedId (a script's ?feedId=$FEED with nothing in it) is no filter, like an empty status or action
        if (feedId != null && !feedId.isBlank()) {
            feeds = List.of(access.visibleFeed(staff, feedId).id());
        } else {
            feeds = access.visibleFeeds(staff).stream().map(ImportFeed::id).toList();
        }
        return ResponseEntity.ok().header(TOTAL, String.valueOf(runs.count(feeds)))
                .body(runs.list(feeds, paging.offset(), paging.size()));
    }

    @GetMapping("/api/runs/{runId}")
    RunDetails run(@AuthenticationPrincipal StaffMember staff, @PathVariable long runId) {
        return new RunDetails(runAccess.visibleRun(staff, runId), runs.columns(runId).orElse(null));
    }

    /** One run's report: the run and, beyond the contract, the column map of its file ({@code null} if unread). */
    record RunDetails(@JsonUnwrapped ImportRun run, ColumnMap columns) {
    }

    @GetMapping(path = "/api/runs/{runId}/rejected-rows", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<List<RejectedRow>> rejectedRows(@AuthenticationPrincipal StaffMember staff,
            @PathVariable long runId, @RequestParam(required = false) Integer page,
            @RequestParam(required = false) Integer size) {
        runAccess.visibleRun(staff, runId);
        Paging paging = Paging.of(page, size);
        return ResponseEntity.ok().header(TOTAL, String.valueOf(runs.countRejectedRows(runId)))
                .body(runs.rejectedRows(runId, paging.offset(), paging.size()));
    }

    /** The rejected rows as a spreadsheet ({@code Accept: text/csv}), streamed. */
    @GetMapping(path = "/api/runs/{runId}/rejected-rows", produces = "text/csv")
    void rejectedRowsCsv(@AuthenticationPrincipal StaffMember staff, @PathVariable long runId,
            HttpServletResponse response) throws IOException {
        runAccess.visibleRun(staff, runId);
        csv.write(runId, response);
    }

    @GetMapping("/api/runs/{runId}/changes")
    ResponseEntity<List<?>> changes(@AuthenticationPrincipal StaffMember staff, @PathVariable long runId,
            @RequestParam(required = false) ChangeAction action, @RequestParam(required = false) Integer page,
            @RequestParam(required = false) Integer size) {
        runAccess.visibleRun(staff, runId);
        Paging paging = Paging.of(page, size);
        List<PlannedChange> changes = runs.changes(runId, action, paging.offset(), paging.size());
        // a staff run's plan names staff: its items carry staffId where a student run's carry studentId
        List<?> body = runs.staffRun(runId) ? changes.stream().map(StaffChange::of).toList() : changes;
        return ResponseEntity.ok().header(TOTAL, String.valueOf(runs.countChanges(runId, action))).body(body);
    }

    /** One line of a staff run's plan. */
    record StaffChange(String staffId, String schoolId, ChangeAction action, boolean held) {

        static StaffChange of(PlannedChange change) {
            return new StaffChange(change.studentId(), change.schoolId(), change.action(), change.held());
        }
    }

    /**
     * Applies what a guard held on a run (admins of the feed only; held moves of students out of a school, district
     * admins only).
     */
    @PostMapping("/api/runs/{runId}/approve")
    ResponseEntity<Map<String, Object>> approve(@AuthenticationPrincipal StaffMember staff, @PathVariable long runId) {
        runAccess.requireApprover(staff, runId);
        ImportRuns.Approval approval = runs.approveHolds(runId, staff.getUsername());
        return ResponseEntity.accepted().body(Map.of("runId", runId, "deactivated", approval.deactivated(),
                "transferred", approval.transferred()));
    }

    /** Undoes a run that is still its feed's latest (admins of the feed only); the revert is a run of its own. */
    @PostMapping("/api/runs/{runId}/revert")
    ResponseEntity<Map<String, Object>> revert(@AuthenticationPrincipal StaffMember staff, @PathVariable long runId) {
        runAccess.requireOperator(staff, runId, "revert runs: only admins undo an import");
        return ResponseEntity.accepted().body(Map.of("runId", runs.revert(runId, staff.getUsername())));
    }
}
