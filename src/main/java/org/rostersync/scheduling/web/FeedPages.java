package org.rostersync.scheduling.web;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;

import org.rostersync.school.ImportFeed;
import org.rostersync.school.SchoolDirectory;
import org.rostersync.staff.AccessPolicy;
import org.rostersync.staff.ApiException;
import org.rostersync.staff.StaffMember;
import org.rostersync.staff.StaffPage;
import org.rostersync.sync.FeedBusyException;
import org.rostersync.sync.FeedNotPullableException;
import org.rostersync.sync.ImportRuns;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** Operators' feeds page: what each feed is, when it runs, how its last runs went, and flat-file uploads. */
@Controller
@StaffPage
class FeedPages {

    private final SchoolDirectory directory;
    private final ImportRuns runs;
    private final AccessPolicy access;
    private final FeedViews views;

    FeedPages(SchoolDirectory directory, ImportRuns runs, AccessPolicy access, FeedViews views) {
        this.directory = directory;
        this.runs = runs;
        this.access = access;
        this.views = views;
    }

    /**
     * One feed's row: the API's view, where it points, whether this user may upload or run it, whether it has an SFTP
     * source to pull from (Run now), and its chart.
     */
    record FeedRow(FeedViews.FeedView feed, String target, boolean canRun, boolean pullable, RunChart chart) {
    }

    @GetMapping("/feeds")
    String feeds(@AuthenticationPrincipal StaffMember staff, Model model) {
        List<FeedRow> rows = access.visibleFeeds(staff).stream().map(feed -> new FeedRow(views.view(feed),
                target(feed), access.canRunFeed(staff, feed), feed.sftp() != null,
                RunChart.of(runs.list(List.of(feed.id()), 0, 2 * RunChart.RUNS)))).toList();
        model.addAttribute("rows", rows);
        return "feeds";
    }

    @PostMapping("/feeds/{feedId}/uploads")
    String upload(@AuthenticationPrincipal StaffMember staff, @PathVariable String feedId,
            @RequestParam("file") MultipartFile file, @RequestParam(defaultValue = "false") boolean dryRun,
            @RequestParam(defaultValue = "false") boolean force, RedirectAttributes flash) throws IOException {
        ImportFeed feed = directory.feed(feedId).orElseThrow(() -> ApiException.notFound("feed '" + feedId + "'"));
        if (!access.canRunFeed(staff, feed)) {
            throw ApiException.forbidden("upload files to feed '" + feedId + "': only its admins import rosters");
        }
        if (file.isEmpty()) {
            flash.addFlashAttribute("problem", "Choose the roster file to upload for feed " + feedId + ".");
            return "redirect:/feeds";
        }
        try (InputStream content = file.getInputStream()) {
            long runId = runs.upload(feedId, content, staff.getUsername(), access.runBoundary(staff), dryRun, force);
            return "redirect:/runs/" + runId;
        } catch (FeedBusyException e) {
            flash.addFlashAttribute("problem", e.getMessage());
            return "redirect:/feeds";
        }
    }

    /** Run now: pulls the feed's file over SFTP, as {@code POST /api/feeds/{feedId}/runs} does. */
    @PostMapping("/feeds/{feedId}/runs")
    String runNow(@AuthenticationPrincipal StaffMember staff, @PathVariable String feedId, RedirectAttributes flash) {
        ImportFeed feed = directory.feed(feedId).orElseThrow(() -> ApiException.notFound("feed '" + feedId + "'"));
        if (!access.canRunFeed(staff, feed)) {
            throw ApiException.forbidden("run feed '" + feedId + "': only its admins import rosters");
        }
        try {
            return "redirect:/runs/" + runs.pullNow(feedId, staff.getUsername());
        } catch (FeedBusyException | FeedNotPullableException e) {
            flash.addFlashAttribute("problem", e.getMessage());
            return "redirect:/feeds";
        }
    }

    private String target(ImportFeed feed) {
        if (feed.schoolId() != null) {
            return directory.school(feed.schoolId()).map(s -> s.name()).orElse(feed.schoolId());
        }
        return directory.district(feed.districtId()).map(d -> d.name() + " (district)").orElse(feed.districtId());
    }
}
