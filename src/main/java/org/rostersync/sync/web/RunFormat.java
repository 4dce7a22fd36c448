package org.rostersync.sync.web;

import java.time.Duration;
import java.time.Instant;

import org.rostersync.sync.ImportRun;
import org.rostersync.sync.RunStatus;
import org.springframework.stereotype.Component;

/** Runs as the pages show them ({@code ${@runFormat...}} in templates): a status's badge colour, a run's duration. */
@Component
public class RunFormat {

    /** How long a run took, or has been running so far. */
    public String duration(ImportRun run) {
        if (run.startedAt() == null) {
            return "—";
        }
        Instant end = run.endedAt() != null ? run.endedAt() : Instant.now();
        Duration d = Duration.between(run.startedAt(), end);
        if (d.isNegative()) {
            return "—";
        }
        if (d.toMinutes() > 0) {
            return "%d min %d s".formatted(d.toMinutes(), d.toSecondsPart());
        }
        return "%.1f s".formatted(d.toMillis() / 1000.0);
    }

    public String badge(RunStatus status) {
        return switch (status) {
            case COMPLETED -> "ok";
            case COMPLETED_WITH_ERRORS, HELD -> "warn";
            case FAILED -> "bad";
            case QUEUED, RUNNING -> "busy";
        };
    }
}
