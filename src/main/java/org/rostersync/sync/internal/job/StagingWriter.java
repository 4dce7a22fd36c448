package org.rostersync.sync.internal.job;

import org.rostersync.sync.internal.database.DatabaseDialect;

import java.util.ArrayList;
import java.util.List;

import org.rostersync.roster.RowProblem;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ItemWriter;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Writes a chunk's good rows to {@code staged_student} (COPY on PostgreSQL, see {@link DatabaseDialect}), those of a
 * school file that change nothing to {@code unchanged_chunk} ({@link UnchangedRows}), and its bad ones to
 * {@code rejected_row}, in the chunk's transaction.
 */
public class StagingWriter implements ItemWriter<LoadedRow> {

    private static final String REJECT = """
            INSERT INTO rejected_row (run_id, line_no, column_name, reason, student_id) VALUES (?, ?, ?, ?, ?)""";

    private record Problem(RowProblem problem, String studentId) {
    }
    private static final String WITHDRAW = "INSERT INTO withdrawn_student (run_id, line_no, student_id) VALUES (?, ?, ?)";
    private static final String KEEP = "INSERT INTO kept_student (run_id, student_id) VALUES (?, ?)";

    private final JdbcTemplate jdbc;
    private final DatabaseDialect dialect;
    private final long runId;
    private final UnchangedRows unchanged;

    public StagingWriter(JdbcTemplate jdbc, DatabaseDialect dialect, long runId) {
        this(jdbc, dialect, runId, null);
    }

    /** @param unchanged the run's rows that change nothing, or {@code null}: every good row is staged */
    StagingWriter(JdbcTemplate jdbc, DatabaseDialect dialect, long runId, UnchangedRows unchanged) {
        this.jdbc = jdbc;
        this.dialect = dialect;
        this.runId = runId;
        this.unchanged = unchanged;
    }

    @Override
    public void write(Chunk<? extends LoadedRow> chunk) {
        List<LoadedRow.Accepted> accepted = new ArrayList<>();
        List<Problem> problems = new ArrayList<>();
        List<LoadedRow.Withdrawn> withdrawn = new ArrayList<>();
        List<String> kept = new ArrayList<>();
        List<LoadedRow.StaffAccepted> staff = new ArrayList<>();
        List<LoadedRow.Unchanged> same = new ArrayList<>();
        for (LoadedRow row : unchanged == null ? chunk.getItems() : unchanged.sort(chunk.getItems())) {
            if (row instanceof LoadedRow.Accepted a) {
                accepted.add(a);
                kept.addAll(a.possibleIds());
            } else if (row instanceof LoadedRow.Unchanged u) {
                same.add(u);
                kept.addAll(u.possibleIds());
            } else if (row instanceof LoadedRow.Rejected r) {
                r.problems().forEach(p -> problems.add(new Problem(p, r.studentId())));
                kept.addAll(r.possibleIds());
            } else if (row instanceof LoadedRow.Withdrawn w) {
                withdrawn.add(w);
            } else if (row instanceof LoadedRow.StaffAccepted s) {
                staff.add(s);
            }
        }
        StaffStaging.stage(jdbc, runId, staff);
        if (!withdrawn.isEmpty()) {
            jdbc.batchUpdate(WITHDRAW, withdrawn, withdrawn.size(), (ps, w) -> {
                ps.setLong(1, runId);
                ps.setLong(2, w.lineNumber());
                ps.setString(3, w.studentId());
            });
        }
        if (!kept.isEmpty()) {
            jdbc.batchUpdate(KEEP, kept, kept.size(), (ps, id) -> {
                ps.setLong(1, runId);
                ps.setString(2, id);
            });
        }
        dialect.stage(runId, accepted);
        if (unchanged != null) {
            unchanged.record(same);
        }
        if (!problems.isEmpty()) {
            jdbc.batchUpdate(REJECT, problems, problems.size(), (ps, rejected) -> {
                RowProblem p = rejected.problem();
                ps.setLong(1, runId);
                ps.setLong(2, p.lineNumber());
                ps.setString(3, p.column());
                ps.setString(4, p.reason().length() > 1000 ? p.reason().substring(0, 999) + "…" : p.reason());
                ps.setString(5, rejected.studentId());
            });
        }
    }
}
