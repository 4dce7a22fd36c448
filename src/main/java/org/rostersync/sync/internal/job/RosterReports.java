package org.rostersync.sync.internal.job;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.rostersync.roster.HeaderMapping;
import org.rostersync.roster.RosterField;
import org.rostersync.roster.RosterMode;
import org.rostersync.sync.ColumnMap;
import org.rostersync.sync.internal.run.RunReads;
import org.rostersync.sync.internal.run.RunRecords;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * What the load step learnt about a run's file: its column map (for the report), the fields it has a column for (for
 * the plan and the apply: a field without a column keeps its stored values) and its mode (for the plan: a delta file
 * does not make absent students missing).
 */
@Repository
public class RosterReports {

    private final JdbcTemplate jdbc;
    private final RunRecords runs;
    private final RunReads reads;

    RosterReports(JdbcTemplate jdbc, RunRecords runs, RunReads reads) {
        this.jdbc = jdbc;
        this.runs = runs;
        this.reads = reads;
    }

    /** Records the file's header mapping and mode; again on a restart, replacing what was there. */
    public void record(long runId, HeaderMapping mapping, RosterMode mode) {
        List<Object[]> rows = new ArrayList<>();
        int column = 0;
        for (Map.Entry<RosterField, String> entry : mapping.columns().entrySet()) {
            rows.add(new Object[] { runId, column++, truncate(entry.getValue()), entry.getKey().key() });
        }
        for (String header : mapping.ignored()) {
            rows.add(new Object[] { runId, column++, truncate(header), null });
        }
        jdbc.update("DELETE FROM run_column WHERE run_id = ?", runId);
        if (!rows.isEmpty()) {
            jdbc.batchUpdate("INSERT INTO run_column (run_id, column_no, header, field_key) VALUES (?, ?, ?, ?)",
                    rows);
        }
        runs.recordRosterMode(runId, mode);
        runs.recordPresentFields(runId, mapping.columns().keySet().stream().map(RosterField::key).toList());
    }

    /** The optional fields the run's file has no column for, whose stored values the run keeps. */
    public AbsentFields absentFields(long runId) {
        return AbsentFields.ofRun(reads, runId);
    }

    /**
     * A warning for the run's message when its file lacks a column that the file of the feed's last good run (COMPLETED
     * and applied) had, or {@code null}: an SIS export that silently stops sending a column is worth a look, even
     * though the stored values are kept.
     */
    public String lostColumnsWarning(long runId, String feedId, HeaderMapping mapping) {
        var previous = reads.lastGoodRunFields(feedId, runId).orElse(null);
        if (previous == null) {
            return null;
        }
        List<String> lost = new ArrayList<>();
        // the required fields are always there, and a school file's School ID is no stored value
        for (RosterField field : RosterField.OPTIONAL) {
            if (!mapping.has(field) && previous.fieldKeys().contains(field.key())) {
                lost.add(field.label());
            }
        }
        if (lost.isEmpty()) {
            return null;
        }
        boolean one = lost.size() == 1;
        return "Warning: the file has no " + String.join(", ", lost) + " column" + (one ? "" : "s") + ", which the"
                + " file of run " + previous.runId() + " (the feed's last good run) had; the stored values of "
                + (one ? "that field" : "those fields") + " are kept, not cleared. If the export dropped "
                + (one ? "it" : "them") + " by mistake, fix the export; to clear values, send the column with empty"
                + " cells.";
    }

    /** The run's file mode; BULK when the load step never got to read it. */
    public RosterMode mode(long runId) {
        return reads.rosterMode(runId).orElse(RosterMode.BULK);
    }

    /** The run's column map, or empty when the file's header was never read. */
    public Optional<ColumnMap> columns(long runId) {
        Map<String, String> mapped = new LinkedHashMap<>();
        List<String> ignored = new ArrayList<>();
        jdbc.query("SELECT header, field_key FROM run_column WHERE run_id = ? ORDER BY column_no", rs -> {
            String field = rs.getString("field_key");
            if (field == null) {
                ignored.add(rs.getString("header"));
            } else {
                mapped.put(field, rs.getString("header"));
            }
        }, runId);
        if (mapped.isEmpty() && ignored.isEmpty()) {
            return Optional.empty();
        }
        List<String> kept = RosterField.OPTIONAL.stream().map(RosterField::key).filter(key -> !mapped.containsKey(key))
                .toList();
        return Optional.of(new ColumnMap(mapped, ignored, kept));
    }

    private static String truncate(String header) {
        return header.length() <= 200 ? header : header.substring(0, 199) + "…";
    }
}
