package org.rostersync.sync.internal.job;

import org.rostersync.sync.internal.plan.HeldMoves;
import org.rostersync.sync.internal.run.RunReads;
import org.rostersync.sync.internal.run.RunRecords;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.rostersync.roster.RosterMode;
import org.rostersync.school.GuardSettings;
import org.rostersync.school.ImportFeed;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The guard step, between plan and apply: a file that looks broken must never wipe a school. A file with no rows
 * is refused outright (the run fails, nothing changes), and so is a file whose Student IDs lost their leading zeros
 * (see {@link #refuseStrippedZeros}). A file with more rejected rows than the feed tolerates, a
 * file much shorter than the feed's last good one, or a plan that deactivates more than the feed's share of a
 * school has its deactivations held: everything else applies, and an admin approves the held ones later. A forced
 * run skips every check but one: moves out of schools the run's starter cannot see are held all the same (see
 * {@link HeldMoves}). A dry run is checked too, so it says what a real run would hold or refuse.
 */
public class DeactivationGuard implements Tasklet {

    private static final String DEACTIVATIONS_PER_SCHOOL = """
            SELECT c.school_id, COUNT(*) AS planned,
                   (SELECT COUNT(*) FROM student_account a
                     WHERE a.school_id = c.school_id AND a.origin = 'IMPORT' AND a.status <> 'DEACTIVATED') AS active
              FROM planned_change c
             WHERE c.run_id = ? AND c.action = 'DEACTIVATE'
             GROUP BY c.school_id
             ORDER BY c.school_id""";

    /** A staff run's share is of the school's active staff records. */
    private static final String STAFF_DEACTIVATIONS_PER_SCHOOL = """
            SELECT c.school_id, COUNT(*) AS planned,
                   (SELECT COUNT(*) FROM staff_account a
                     WHERE a.school_id = c.school_id AND a.status <> 'DEACTIVATED') AS active
              FROM planned_change c
             WHERE c.run_id = ? AND c.action = 'DEACTIVATE'
             GROUP BY c.school_id
             ORDER BY c.school_id""";

    /** Whether the run imports staff records: the same checks, counted against staff. */
    private final boolean staff;
    private final JdbcTemplate jdbc;
    private final RunRecords runs;
    private final RunReads reads;
    private final ImportFeed feed;
    private final long runId;
    private final boolean force;
    private final boolean dryRun;

    /** @param dryRun the run applies nothing: the guards say what a real run of the file would hold or refuse */
    public DeactivationGuard(JdbcTemplate jdbc, RunRecords runs, RunReads reads, ImportFeed feed, long runId,
            boolean force, boolean dryRun) {
        this(jdbc, runs, reads, feed, runId, force, dryRun, false);
    }

    /** @param staff the run imports staff records: deactivations are counted against the school's active staff */
    public DeactivationGuard(JdbcTemplate jdbc, RunRecords runs, RunReads reads, ImportFeed feed, long runId,
            boolean force, boolean dryRun, boolean staff) {
        this.staff = staff;
        this.jdbc = jdbc;
        this.runs = runs;
        this.reads = reads;
        this.feed = feed;
        this.runId = runId;
        this.force = force;
        this.dryRun = dryRun;
    }

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) {
        jdbc.update("UPDATE planned_change SET held = FALSE WHERE run_id = ? AND held = TRUE", runId);
        // school boundaries hold whatever the file looks like, forced or not
        List<String> movesFrom = HeldMoves.hold(jdbc, reads, runId);
        String moves = movesFrom.isEmpty() ? null : HeldMoves.message(movesFrom, dryRun);
        if (force) {
            runs.recordGuard(runId, "Forced: the guards were skipped." + (moves == null ? "" : " " + moves),
                    movesFrom.size());
            return RepeatStatus.FINISHED;
        }
        GuardSettings guard = feed.guard();
        int rows = reads.rowsRead(runId);
        // only a complete snapshot can wipe a school; an export that carries no or only changed students cannot
        boolean snapshot = reads.rosterMode(runId).orElse(RosterMode.BULK) == RosterMode.BULK;
        if (rows == 0 && snapshot) {
            String who = staff ? "staff" : "student";
            throw new RunRefusedException("The file has a header (line 1) but no " + who + " rows after it. An empty"
                    + " export must never deactivate a school, so nothing was applied. Check the SIS export; if the"
                    + " school really has no " + (staff ? "staff" : "students") + " left, upload the file again with"
                    + " force=true");
        }
        if (!staff) {
            refuseStrippedZeros();
        }
        List<String> reasons = new ArrayList<>();
        List<String> heldSchools = new ArrayList<>();
        boolean holdAll = false;
        int rejected = jdbc.queryForObject("SELECT COUNT(DISTINCT line_no) FROM rejected_row WHERE run_id = ?",
                Integer.class, runId);
        if ((long) rejected * 100 > (long) guard.maxRejectedPercent() * rows) {
            holdAll = true;
            reasons.add("%d of the file's %d rows (%s) were rejected and the feed tolerates %d%%".formatted(rejected,
                    rows, percent(rejected, rows), guard.maxRejectedPercent()));
        }
        // a delta is short by nature: only a complete file can be shorter than it should be
        Optional<RunReads.LastGoodFile> lastGood = snapshot ? reads.lastGoodFile(feed.id(), runId) : Optional.empty();
        if (lastGood.isPresent()) {
            long lastRows = lastGood.get().rowsRead();
            long lastRun = lastGood.get().runId();
            if ((long) rows * 100 < lastRows * (100 - guard.maxShrinkPercent())) {
                holdAll = true;
                reasons.add("the file has %d rows, %s fewer than the %d rows of run %d, the feed's last good file (the"
                        .formatted(rows, percent(lastRows - rows, lastRows), lastRows, lastRun)
                        + " feed allows %d%% fewer)".formatted(guard.maxShrinkPercent()));
            }
        }
        for (Map<String, Object> school : jdbc.queryForList(
                staff ? STAFF_DEACTIVATIONS_PER_SCHOOL : DEACTIVATIONS_PER_SCHOOL, runId)) {
            String schoolId = (String) school.get("school_id");
            long planned = ((Number) school.get("planned")).longValue();
            long active = ((Number) school.get("active")).longValue();
            if (planned > guard.deactivationFloor() && planned * 100 > (long) guard.maxDeactivationPercent() * active) {
                heldSchools.add(schoolId);
                reasons.add("it would deactivate %d of the %d active imported accounts of %s (%s; the feed allows %d%%)"
                        .formatted(planned, active, schoolId, percent(planned, active),
                                guard.maxDeactivationPercent()));
            }
        }
        int held = 0;
        if (holdAll) {
            held = jdbc.update("UPDATE planned_change SET held = TRUE WHERE run_id = ? AND action = 'DEACTIVATE'",
                    runId);
        } else {
            for (String schoolId : heldSchools) {
                held += jdbc.update("""
                        UPDATE planned_change SET held = TRUE
                         WHERE run_id = ? AND action = 'DEACTIVATE' AND school_id = ?""", runId, schoolId);
            }
        }
        String message = held == 0 ? null : "%s %d deactivation%s because %s.".formatted(
                dryRun ? "A real run would hold" : "Held", held, held == 1 ? "" : "s", String.join("; and ", reasons));
        if (held == 0 && holdAll) {
            // nothing to hold yet (a grace window only marks students missing), but the file looks broken
            int missing = jdbc.queryForObject(
                    "SELECT COUNT(*) FROM planned_change WHERE run_id = ? AND action = 'MISSING'", Integer.class, runId);
            message = ("Warning: %s. Nothing was deactivated%s; until a file passes this check, the next files are"
                    + " measured against the last one that did").formatted(String.join("; and ", reasons),
                    missing == 0 ? "" : ", but %d %s%s marked missing: check the file before the grace window"
                            .formatted(missing, staff ? "staff member" : "student", missing == 1 ? " was" : "s were")
                            + " ends");
        }
        if (moves != null) {
            message = message == null ? moves : message + " " + moves;
        }
        runs.recordGuard(runId, message, held + movesFrom.size());
        return RepeatStatus.FINISHED;
    }

    /** New students sampled for lost leading zeros; a run with fewer new students than the minimum is not checked. */
    static final int ZEROS_SAMPLE = 200;
    static final int ZEROS_MIN_NEW = 10;
    /** Matches that refuse a run: at least this many, and at least half of the digit-only Student IDs sampled. */
    static final int ZEROS_MIN_MATCHES = 5;
    /** How many leading zeros a Student ID may have lost. */
    private static final int MAX_ZEROS = 10;

    /**
     * A file opened and saved in a spreadsheet program loses the leading zeros of digit-only Student IDs ({@code
     * 00123} becomes {@code 123}): every such student would be created a second time, under a new username, and
     * their own account taken for missing. When many of the run's new students (a sample, so a district's million
     * new students cost a few index lookups) have the Student ID of an account of the district but for its leading
     * zeros, the run is refused before anything is applied. A forced run skips this check with the others. A
     * district's first import in one pass ({@link FirstImport}) has no CREATE entries here: its district had no
     * account to compare with, so the check finds nothing for it, as it finds nothing on the staged path.
     */
    private void refuseStrippedZeros() {
        List<Map<String, Object>> sample = jdbc.queryForList("""
                SELECT student_id, line_no FROM planned_change WHERE run_id = ? AND action = 'CREATE'
                 FETCH FIRST %d ROWS ONLY""".formatted(ZEROS_SAMPLE), runId);
        if (sample.size() < ZEROS_MIN_NEW) {
            return;
        }
        Map<String, String> padded = new java.util.LinkedHashMap<>(); // a Student ID with zeros -> the new one
        Map<String, Long> lines = new java.util.HashMap<>();
        for (Map<String, Object> row : sample) {
            String id = (String) row.get("student_id");
            boolean digits = !id.isEmpty() && id.chars().allMatch(c -> c >= '0' && c <= '9');
            if (!digits || id.charAt(0) == '0') {
                continue;
            }
            lines.put(id, row.get("line_no") == null ? null : ((Number) row.get("line_no")).longValue());
            for (int zeros = 1; zeros <= MAX_ZEROS && id.length() + zeros <= 50; zeros++) {
                padded.put("0".repeat(zeros) + id, id);
            }
        }
        if (lines.size() < ZEROS_MIN_MATCHES) {
            return;
        }
        java.util.Set<String> matched = new java.util.TreeSet<>();
        List<String> candidates = new ArrayList<>(padded.keySet());
        for (int from = 0; from < candidates.size(); from += 500) {
            List<String> batch = candidates.subList(from, Math.min(from + 500, candidates.size()));
            List<Object> args = new ArrayList<>(batch);
            args.add(0, feed.districtId());
            jdbc.queryForList("SELECT student_id FROM student_account WHERE district_id = ? AND student_id IN ("
                    + String.join(", ", java.util.Collections.nCopies(batch.size(), "?")) + ")", String.class,
                    args.toArray()).forEach(id -> matched.add(padded.get(id)));
        }
        if (matched.size() >= ZEROS_MIN_MATCHES && matched.size() * 2 >= lines.size()) {
            long first = matched.stream().map(lines::get).filter(java.util.Objects::nonNull).min(Long::compare)
                    .orElse(0L);
            throw new RunRefusedException(("The Student IDs of this file seem to have lost their leading zeros: %d"
                    + " of %d new students with a Student ID of digits only%s have the Student ID of an account of"
                    + " the district without its leading zeros, as when a file is opened and saved again in a"
                    + " spreadsheet program."
                    + " Nothing was applied: each of them would have been created a second time. Export the file"
                    + " from the SIS again (in a spreadsheet, format the Student ID column as text), or, if the"
                    + " Student IDs really changed, run the file again with force=true").formatted(matched.size(),
                    lines.size(), first > 0 ? " (the first on line " + first + ")" : ""));
        }
    }

    private static String percent(long part, long whole) {
        return whole == 0 ? "all" : Math.round(part * 100.0 / whole) + "%";
    }
}
