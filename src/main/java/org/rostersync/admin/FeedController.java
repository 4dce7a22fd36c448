package org.rostersync.admin;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.quartz.CronExpression;
import org.rostersync.scheduling.FeedSchedules;
import org.rostersync.school.ImportFeed;
import org.rostersync.school.SchoolDirectory;
import org.rostersync.sync.ImportRun;
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

import java.time.Clock;

/** Feeds: what is configured, when it runs next, and flat-file uploads through a feed's scope. */
@RestController
class FeedController {

    private final SchoolDirectory directory;
    private final ImportRuns runs;
    private final AccessPolicy access;
    private final Clock clock;
    private final FeedSchedules schedules;

    FeedController(SchoolDirectory directory, ImportRuns runs, AccessPolicy access, Clock clock,
            FeedSchedules schedules) {
        this.directory = directory;
        this.runs = runs;
        this.access = access;
        this.clock = clock;
        this.schedules = schedules;
    }

    record FeedView(String id, String scope, String source, String format, String schedule, String schoolId,
            String districtId, Instant nextRunAt, ImportRun lastRun) {
    }

    /** The feeds the caller may see, in configuration order, paged like every list. */
    @GetMapping("/api/feeds")
    ResponseEntity<List<FeedView>> feeds(@AuthenticationPrincipal StaffMember staff,
            @RequestParam(required = false) Integer page, @RequestParam(required = false) Integer size) {
        Paging paging = Paging.of(page, size);
        List<ImportFeed> feeds = access.visibleFeeds(staff);
        int from = Math.min(paging.offset(), feeds.size());
        int to = (int) Math.min((long) from + paging.size(), feeds.size());
        return ResponseEntity.ok().header("X-Total-Count", String.valueOf(feeds.size()))
                .body(feeds.subList(from, to).stream().map(this::view).toList());
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

    FeedView view(ImportFeed feed) {
        return new FeedView(feed.id(), feed.scope().name(), feed.source().name(), feed.format().name(),
                feed.schedule().toString(), feed.schoolId(), feed.districtId(), nextRunAt(feed),
                runs.latest(feed.id()).orElse(null));
    }

    /**
     * The next firing of the feed's trigger as Quartz holds it; before the trigger exists, computed from the
     * schedule in the feed's time zone; {@code null} for one-time feeds.
     */
    private Instant nextRunAt(ImportFeed feed) {
        Optional<Instant> scheduled = schedules.nextRunAt(feed.id());
        if (scheduled.isPresent()) {
            return scheduled.get();
        }
        return feed.schedule().cronExpression().map(expression -> {
            try {
                CronExpression cron = new CronExpression(expression);
                cron.setTimeZone(feed.scheduleTimeZone());
                Date next = cron.getNextValidTimeAfter(Date.from(clock.instant()));
                return next == null ? null : next.toInstant();
            } catch (java.text.ParseException e) {
                return null;
            }
        }).orElse(null);
    }
}
