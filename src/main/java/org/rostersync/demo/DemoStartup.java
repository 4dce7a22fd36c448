package org.rostersync.demo;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import org.rostersync.school.ImportFeed;
import org.rostersync.school.SchoolDirectory;
import org.rostersync.sync.FeedBusyException;
import org.rostersync.sync.ImportRun;
import org.rostersync.sync.ImportRuns;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * The quick start's first sync: once the server is up, runs every SFTP/CLEVER feed once, logs each run's summary,
 * then the admin URL and the demo login.
 */
@Component
@ConditionalOnBooleanProperty("rostersync.demo.run-feeds-at-startup")
class DemoStartup {

    private static final Logger log = LoggerFactory.getLogger(DemoStartup.class);

    private final SchoolDirectory directory;
    private final ImportRuns runs;
    private final DemoSettings settings;

    DemoStartup(SchoolDirectory directory, ImportRuns runs, DemoSettings settings) {
        this.directory = directory;
        this.runs = runs;
        this.settings = settings;
    }

    @EventListener(ApplicationReadyEvent.class)
    void firstSync(ApplicationReadyEvent event) {
        for (ImportFeed feed : directory.feeds()) {
            if (feed.sftp() == null) {
                continue;
            }
            try {
                long runId = runs.pullNow(feed.id(), "demo");
                Optional<ImportRun> run = await(runId);
                log.info("Demo: run {} of feed {} {}: {}", runId, feed.id(),
                        run.map(r -> r.status().name()).orElse("still running"),
                        run.map(ImportRun::message).orElse("see GET /api/runs/" + runId));
            } catch (FeedBusyException e) {
                log.info("Demo: feed {} is already running", feed.id());
            }
        }
        String port = event.getApplicationContext().getEnvironment().getProperty("local.server.port", "8080");
        log.info("roster-sync is ready: admin API at http://localhost:{}/api/feeds (runs: /api/runs) - demo login {}",
                port, settings.login() == null ? "as configured under rostersync.staff" : settings.login());
    }

    private Optional<ImportRun> await(long runId) {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
        while (Instant.now().isBefore(deadline)) {
            Optional<ImportRun> run = runs.find(runId);
            if (run.isPresent() && run.get().status().finished()) {
                return run;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            }
        }
        return Optional.empty();
    }
}
