package org.rostersync.sync.web;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletResponse;

import org.rostersync.school.ImportFeed;
import org.rostersync.school.SchoolDirectory;
import org.rostersync.staff.AccessPolicy;
import org.rostersync.staff.ApiException;
import org.rostersync.staff.StaffMember;
import org.rostersync.staff.StaffPage;
import org.rostersync.sync.ChangeAction;
import org.rostersync.sync.FeedBusyException;
import org.rostersync.sync.ImportProgress;
import org.rostersync.sync.ImportRun;
import org.rostersync.sync.ImportRuns;
import org.rostersync.sync.RunNotApprovableException;
import org.rostersync.sync.RunNotRevertableException;
import org.rostersync.sync.RunProgress;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** Operators' pages: the runs, newest first, with live progress; one run's report; approving or reverting a run. */
@Controller
@StaffPage
class RunPages {

    static final int PAGE_SIZE = 50;
    private static final int DETAIL_ROWS = 500;

    private final ImportRuns runs;
    private final ImportProgress progress;
    private final SchoolDirectory directory;
    private final AccessPolicy access;
    private final RunAccess runAccess;
    private final RejectedRowsCsv csv;

    RunPages(ImportRuns runs, ImportProgress progress, SchoolDirectory directory, AccessPolicy access,
            RunAccess runAccess, RejectedRowsCsv csv) {
        this.runs = runs;
        this.progress = progress;
        this.directory = directory;
        this.access = access;
        this.runAccess = runAccess;
        this.csv = csv;
    }

    @GetMapping("/runs")
    String runs(@AuthenticationPrincipal StaffMember staff, @RequestParam(required = false) String feed,
            @RequestParam(defaultValue = "0") int page, Model model) {
        List<ImportFeed> feeds = access.visibleFeeds(staff);
        List<String> shown = feed == null || feed.isBlank() ? feeds.stream().map(ImportFeed::id).toList()
                : List.of(access.visibleFeed(staff, feed).id());
        int shownPage = Math.min(Math.max(0, page), Integer.MAX_VALUE / PAGE_SIZE - 1); // no overflow below
        int from = shownPage * PAGE_SIZE;
        model.addAttribute("feeds", feeds);
        model.addAttribute("feed", feed);
        model.addAttribute("page", shownPage);
        model.addAttribute("runs", runs.list(shown, from, PAGE_SIZE));
        model.addAttribute("more", runs.count(shown) > from + PAGE_SIZE);
        return "runs";
    }

    @GetMapping("/runs/{runId}")
    String run(@AuthenticationPrincipal StaffMember staff, @PathVariable long runId,
            @RequestParam(required = false) ChangeAction action, Model model) {
        ImportRun run = runAccess.visibleRun(staff, runId);
        ImportFeed feed = directory.feed(run.feedId()).orElse(null);
        Map<ChangeAction, Long> actions = new LinkedHashMap<>();
        for (ChangeAction each : ChangeAction.values()) {
            long count = runs.countChanges(runId, each);
            if (count > 0) {
                actions.put(each, count);
            }
        }
        model.addAttribute("run", run);
        model.addAttribute("staffRun", runs.staffRun(runId));
        model.addAttribute("feed", feed);
        model.addAttribute("zone", feed == null ? null : feed.timeZone());
        model.addAttribute("canApprove", feed != null && access.canRunFeed(staff, feed));
        // held moves of students out of a school the starter could not see: a district admin's to approve
        boolean holdsTransfers = run.status() == org.rostersync.sync.RunStatus.HELD && runs.holdsTransfers(runId);
        model.addAttribute("holdsTransfers", holdsTransfers);
        model.addAttribute("mayApproveHolds", !holdsTransfers || access.mayApproveTransfers(staff));
        model.addAttribute("columns", runs.columns(runId).orElse(null));
        model.addAttribute("detailsDeletedAt", runs.detailsDeletedAt(runId).orElse(null));
        model.addAttribute("rejected", runs.rejectedRows(runId, 0, DETAIL_ROWS));
        model.addAttribute("rejectedTotal", runs.countRejectedRows(runId));
        // lines, as the run counts them; a line may have several problems, one entry each
        model.addAttribute("rejectedRows", runs.countRejectedLines(runId));
        model.addAttribute("actions", actions);
        model.addAttribute("changesAll", actions.values().stream().mapToLong(Long::longValue).sum());
        model.addAttribute("action", action);
        model.addAttribute("changes", runs.changes(runId, action, 0, DETAIL_ROWS));
        model.addAttribute("changesTotal", runs.countChanges(runId, action));
        return "run";
    }

    /** What the progress bars poll: the run's status, counts and rows read so far. */
    @GetMapping("/runs/{runId}/progress")
    @ResponseBody
    RunProgress progress(@AuthenticationPrincipal StaffMember staff, @PathVariable long runId) {
        runAccess.visibleRun(staff, runId);
        return progress.of(runId).orElseThrow(() -> ApiException.notFound("run " + runId));
    }

    /** The same CSV as {@code GET /api/runs/{runId}/rejected-rows} with {@code Accept: text/csv}, for a session. */
    @GetMapping("/runs/{runId}/rejected-rows.csv")
    void rejectedRows(@AuthenticationPrincipal StaffMember staff, @PathVariable long runId,
            HttpServletResponse response) throws IOException {
        runAccess.visibleRun(staff, runId);
        csv.write(runId, response);
    }

    @PostMapping("/runs/{runId}/approve")
    String approve(@AuthenticationPrincipal StaffMember staff, @PathVariable long runId, RedirectAttributes flash) {
        runAccess.requireApprover(staff, runId);
        try {
            org.rostersync.sync.ImportRuns.Approval approval = runs.approveHolds(runId, staff.getUsername());
            int deactivated = approval.deactivated();
            flash.addFlashAttribute("notice", "Approved: " + deactivated + " held deactivation"
                    + (deactivated == 1 ? "" : "s") + (approval.transferred() == 0 ? "" : " and "
                            + approval.transferred() + " held transfer" + (approval.transferred() == 1 ? "" : "s"))
                    + " applied.");
        } catch (RunNotApprovableException | FeedBusyException e) {
            flash.addFlashAttribute("problem", e.getMessage());
        }
        return "redirect:/runs/" + runId;
    }

    @PostMapping("/runs/{runId}/revert")
    String revert(@AuthenticationPrincipal StaffMember staff, @PathVariable long runId, RedirectAttributes flash) {
        runAccess.requireOperator(staff, runId, "revert runs: only admins undo an import");
        try {
            long revertRunId = runs.revert(runId, staff.getUsername());
            flash.addFlashAttribute("notice", "Reverted as run " + revertRunId + ".");
            return "redirect:/runs/" + revertRunId;
        } catch (RunNotRevertableException | FeedBusyException e) {
            flash.addFlashAttribute("problem", e.getMessage());
            return "redirect:/runs/" + runId;
        }
    }
}
