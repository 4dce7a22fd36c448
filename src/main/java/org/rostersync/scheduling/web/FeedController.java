package org.rostersync.scheduling.web;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;

import org.rostersync.school.ImportFeed;
import org.rostersync.school.SchoolDirectory;
import org.rostersync.staff.AccessPolicy;
import org.rostersync.staff.ApiException;
import org.rostersync.staff.Paging;
import org.rostersync.staff.StaffMember;
import org.rostersync.sync.ImportRuns;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

/** Feeds: what is configured, when it runs next, and flat-file uploads through a feed's scope. */
@RestController
class FeedController {

    private final SchoolDirectory directory;
    private final ImportRuns runs;
    private final AccessPolicy access;
    private final FeedViews views;

    FeedController(SchoolDirectory directory, ImportRuns runs, AccessPolicy access, FeedViews views) {
        this.directory = directory;
        this.runs = runs;
        this.access = access;
        this.views = views;
    }

    /** The feeds the caller may see, in configuration order, paged like every list. */
    @GetMapping("/api/feeds")
    ResponseEntity<List<FeedViews.FeedView>> feeds(@AuthenticationPrincipal StaffMember staff,
            @RequestParam(required = false) Integer page, @RequestParam(required = false) Integer size) {
        Paging paging = Paging.of(page, size);
        List<ImportFeed> feeds = access.visibleFeeds(staff);
        int from = Math.min(paging.offset(), feeds.size());
        int to = (int) Math.min((long) from + paging.size(), feeds.size());
        return ResponseEntity.ok().header("X-Total-Count", String.valueOf(feeds.size()))
                .body(feeds.subList(from, to).stream().map(views::view).toList());
    }

    /** Pulls the feed's file over SFTP now, as a MANUAL run; 409 while a run of the feed is in progress. */
    @PostMapping("/api/feeds/{feedId}/runs")
    @ResponseStatus(HttpStatus.ACCEPTED)
    Map<String, Long> runNow(@AuthenticationPrincipal StaffMember staff, @PathVariable String feedId) {
        ImportFeed feed = directory.feed(feedId).orElseThrow(() -> ApiException.notFound("feed '" + feedId + "'"));
        if (!access.canSeeFeed(staff, feed)) {
            throw ApiException.forbidden("use feed '" + feedId + "'");
        }
        if (!access.canRunFeed(staff, feed)) {
            throw ApiException.forbidden("run feeds: only admins import rosters");
        }
        if (feed.sftp() == null) {
            throw ApiException.badRequest("feed '" + feedId + "' has no SFTP source to pull from; upload its file"
                    + " with POST /api/feeds/" + feedId + "/uploads");
        }
        return Map.of("runId", runs.pullNow(feedId, staff.getUsername()));
    }

    @PostMapping("/api/feeds/{feedId}/uploads")
    @ResponseStatus(HttpStatus.ACCEPTED)
    Map<String, Long> upload(@AuthenticationPrincipal StaffMember staff, @PathVariable String feedId,
            @RequestParam("file") MultipartFile file, @RequestParam(defaultValue = "false") boolean dryRun,
            @RequestParam(defaultValue = "false") boolean force) throws IOException {
        ImportFeed feed = directory.feed(feedId).orElseThrow(() -> ApiException.notFound("feed '" + feedId + "'"));
        if (!access.canSeeFeed(staff, feed)) {
            throw ApiException.forbidden("use feed '" + feedId + "'");
        }
        if (!access.canRunFeed(staff, feed)) {
            throw ApiException.forbidden("upload files: only admins import rosters");
        }
        if (file.isEmpty()) {
            throw ApiException.badRequest("the uploaded file is empty; choose the roster CSV file to import");
        }
        try (InputStream content = file.getInputStream()) {
            return Map.of("runId", runs.upload(feedId, content, staff.getUsername(), access.runBoundary(staff), dryRun, force));
        }
    }
}
