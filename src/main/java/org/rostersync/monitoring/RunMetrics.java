package org.rostersync.monitoring;

import java.time.Duration;

import org.rostersync.sync.HeldDeactivationsApproved;
import org.rostersync.sync.ImportRun;
import org.rostersync.sync.RunCounts;
import org.rostersync.sync.RunFinished;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;

/**
 * Micrometer meters of finished runs, tagged by feed: {@code rostersync.run.duration} (a timer, also tagged by
 * status), and the counters {@code rostersync.run.rows}, {@code .created.accounts}, {@code .deactivated} and
 * {@code .rejected}. ({@code .created.accounts}, not {@code .created}: Prometheus reserves names ending in
 * {@code _created}, and would export it as {@code rostersync_run_total}.)
 * Dry runs count only in the timer (tag {@code dry_run=true}): they change no account. Deactivations approved after a
 * guard's hold are added to {@code .deactivated} when the approval is made.
 */
@Component
class RunMetrics {

    private final MeterRegistry registry;

    RunMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    @EventListener
    void record(RunFinished event) {
        ImportRun run = event.run();
        Tags feed = Tags.of("feed", run.feedId());
        if (run.startedAt() != null && run.endedAt() != null) {
            Timer.builder("rostersync.run.duration")
                    .description("How long import runs take, from start to end")
                    .tags(feed.and("status", run.status().name(), "dry_run", String.valueOf(run.dryRun())))
                    .register(registry)
                    .record(Duration.between(run.startedAt(), run.endedAt()));
        }
        if (run.dryRun()) {
            return;
        }
        RunCounts counts = run.counts();
        count("rostersync.run.rows", "Roster rows read by import runs", feed, counts.rows());
        count("rostersync.run.created.accounts", "Student accounts created by import runs", feed, counts.created());
        count("rostersync.run.deactivated", "Student accounts deactivated by import runs", feed,
                counts.deactivated());
        count("rostersync.run.rejected", "Roster rows rejected by import runs", feed, counts.rejected());
    }

    /** Deactivations an admin approved after a hold count for the run's feed like any other. */
    @EventListener
    void record(HeldDeactivationsApproved event) {
        count("rostersync.run.deactivated", "Student accounts deactivated by import runs",
                Tags.of("feed", event.feedId()), event.deactivated());
    }

    private void count(String name, String description, Tags tags, int amount) {
        Counter.builder(name).description(description).tags(tags).register(registry).increment(amount);
    }
}
