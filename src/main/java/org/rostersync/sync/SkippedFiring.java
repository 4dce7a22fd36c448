package org.rostersync.sync;

import java.time.Instant;

/**
 * A scheduled firing of a feed that did not run because a run of the feed was in progress: that run already brings
 * the feed up to date, but operators see that the schedule did not run then.
 *
 * @param at     when the firing came due
 * @param runId  the run that was in progress; {@code null} when it had ended by the time the firing looked
 * @param reason what happened, in a sentence
 */
public record SkippedFiring(Instant at, Long runId, String reason) {

    public static SkippedFiring of(Instant at, Long runId) {
        return new SkippedFiring(at, runId, runId == null ? "skipped: a run of the feed was still in progress"
                : "skipped: run " + runId + " of the feed was still in progress");
    }
}
