package org.rostersync.admin;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletResponse;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.rostersync.school.ImportFeed;
import org.rostersync.school.SchoolDirectory;
import org.rostersync.sync.ChangeAction;
import org.rostersync.sync.ColumnMap;
import org.rostersync.sync.ImportRun;
import org.rostersync.sync.ImportRuns;
import org.rostersync.sync.PlannedChange;
import org.rostersync.sync.RejectedRow;
import org.springframework.http.HttpHeaders;
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
    /** Rejected rows read per query while a CSV is written. */
    private static final int CSV_PAGE = 1000;

    private final ImportRuns runs;
    private final SchoolDirectory directory;
    private final AccessPolicy access;

    RunController(ImportRuns runs, SchoolDirectory directory, AccessPolicy access) {
        this.runs = runs;
        this.directory = directory;
        this.access = access;
    }

    @GetMapping("/api/runs")
    ResponseEntity<List<ImportRun>> list(@AuthenticationPrincipal StaffMember staff,
            @RequestParam(required = false) String feedId, @RequestParam(required = false) Integer limit,
            @RequestParam(required = false) Integer page, @RequestParam(required = false) Integer size) {
        Paging paging = Paging.of(page, size != null ? size : limit);
        List<String> feeds;
        // an empty feedId (a script's ?feedId=$FEED with nothing in it) is no filter, like an empty status or action
        if (feedId != null && !feedId.isBlank()) {
            feeds = List.of(visibleFeed(staff, feedId).id());
        } else {
            feeds = access.visibleFeeds(staff).stream().map(ImportFeed::id).toList();
        }
        return ResponseEntity.ok().header(TOTAL, String.valueOf(runs.count(feeds)))
                .body(runs.list(feeds, paging.offset(), paging.size()));
    }

    @GetMapping("/api/runs/{runId}")
    RunDetails run(@AuthenticationPrincipal StaffMember staff, @PathVariable long runId) {
        return new RunDetails(visibleRun(staff, runId), runs.columns(runId).orElse(null));
    }

    /** One run's report: the run and, beyond the contract, the column map of its file ({@code null} if unread). */
    record RunDetails(@JsonUnwrapped ImportRun run, ColumnMap columns) {
    }

    @GetMapping(path = "/api/runs/{runId}/rejected-rows", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<List<RejectedRow>> rejectedRows(@AuthenticationPrincipal StaffMember staff,
            @PathVariable long runId, @RequestParam(required = false) Integer page,
            @RequestParam(required = false) Integer size) {
        visibleRun(staff, runId);
        Paging paging = Paging.of(page, size);
        return ResponseEntity.ok().header(TOTAL, String.valueOf(runs.countRejectedRows(runId)))
                .body(runs.rejectedRows(runId, paging.offset(), paging.size()));
    }

    /**
     * The rejected rows as a spreadsheet; cells that a spreadsheet would run as a formula are neutralised. Written to
     * the response as the rows are read, a page of lines at a time: a run of a million rejected rows is never held
     * in memory (the answer is chunked once it outgrows the response buffer).
     */
    @GetMapping(path = "/api/runs/{runId}/rejected-rows", produces = "text/csv")
    void rejectedRowsCsv(@AuthenticationPrincipal StaffMember staff, @PathVariable long runId,
            HttpServletResponse response) throws IOException {
        visibleRun(staff, runId);
        response.setContentType("text/csv;charset=UTF-8");
        response.setHeader(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"run-" + runId
                + "-rejected-rows.csv\"");
        Writer out = new BufferedWriter(new OutputStreamWriter(response.getOutputStream(), StandardCharsets.UTF_8));
        CSVPrinter csv = new CSVPrinter(out, CSVFormat.RFC4180.builder().setHeader("line", "column", "reason").get());
        long afterLine = 0;
        List<RejectedRow> rows = runs.rejectedRowsAfterLine(runId, afterLine, CSV_PAGE);
        while (!rows.isEmpty()) {
            for (RejectedRow row : rows) {
                csv.printRecord(row.line(), safe(row.column()), safe(row.reason()));
            }
            afterLine = rows.get(rows.size() - 1).line();
            rows = runs.rejectedRowsAfterLine(runId, afterLine, CSV_PAGE);
        }
        // flushed, not closed: the container ends the response
        csv.flush();
    }

    @GetMapping("/api/runs/{runId}/changes")
    ResponseEntity<List<PlannedChange>> changes(@AuthenticationPrincipal StaffMember staff, @PathVariable long runId,
            @RequestParam(required = false) ChangeAction action, @RequestParam(required = false) Integer page,
            @RequestParam(required = false) Integer size) {
        visibleRun(staff, runId);
        Paging paging = Paging.of(page, size);
        return ResponseEntity.ok().header(TOTAL, String.valueOf(runs.countChanges(runId, action)))
                .body(runs.changes(runId, action, paging.offset(), paging.size()));
    }

    /**
     * Applies what a guard held on a run (admins of the feed only; held moves of students out of a school, district
     * admins only).
     */
    @PostMapping("/api/runs/{runId}/approve")
    ResponseEntity<Map<String, Object>> approve(@AuthenticationPrincipal StaffMember staff, @PathVariable long runId) {
        requireApprover(staff, runId);
        ImportRuns.Approval approval = runs.approveHolds(runId, staff.getUsername());
        return ResponseEntity.accepted().body(Map.of("runId", runId, "deactivated", approval.deactivated(),
                "transferred", approval.transferred()));
    }

    /** The staff member may approve what the run holds: an admin of its feed, a district admin for held moves. */
    void requireApprover(StaffMember staff, long runId) {
        requireOperator(staff, runId, "approve runs: only admins apply held deactivations");
        if (!access.mayApproveTransfers(staff) && runs.holdsTransfers(runId)) {
            throw ApiException.forbidden("approve run " + runId + ": it holds transfers of students out of schools"
                    + " its starter cannot see, and only a district admin may approve those");
        }
    }

    /** Undoes a run that is still its feed's latest (admins of the feed only); the revert is a run of its own. */
    @PostMapping("/api/runs/{runId}/revert")
    ResponseEntity<Map<String, Object>> revert(@AuthenticationPrincipal StaffMember staff, @PathVariable long runId) {
        requireOperator(staff, runId, "revert runs: only admins undo an import");
        return ResponseEntity.accepted().body(Map.of("runId", runs.revert(runId, staff.getUsername())));
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

    ImportFeed visibleFeed(StaffMember staff, String feedId) {
        ImportFeed feed = directory.feed(feedId).orElseThrow(() -> ApiException.notFound("feed '" + feedId + "'"));
        if (!access.canSeeFeed(staff, feed)) {
            throw ApiException.forbidden("see feed '" + feedId + "'");
        }
        return feed;
    }

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

    /** A leading = + - @ (or tab, CR) makes spreadsheets evaluate a cell; a quote in front keeps it text. */
    static String safe(String cell) {
        if (cell != null && !cell.isEmpty() && "=+-@\t\r".indexOf(cell.charAt(0)) >= 0) {
            return "'" + cell;
        }
        return cell;
    }
}
