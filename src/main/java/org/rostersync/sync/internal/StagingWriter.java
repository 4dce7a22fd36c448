package org.rostersync.sync.internal;

import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;

import org.rostersync.roster.RosterRow;
import org.rostersync.roster.RowProblem;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ItemWriter;
import org.springframework.jdbc.core.JdbcTemplate;

/** Writes a chunk's good rows to {@code staged_student} and its bad ones to {@code rejected_row}, in JDBC batches. */
public class StagingWriter implements ItemWriter<LoadedRow> {

    private static final String STAGE = """
            INSERT INTO staged_student (run_id, line_no, school_id, student_id, first_name, last_name, middle_initial,
                grade, birth_date, email, guardian_email, gender, home_room, reference_id, username_base, row_hash)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""";
    private static final String REJECT = """
            INSERT INTO rejected_row (run_id, line_no, column_name, reason, student_id) VALUES (?, ?, ?, ?, ?)""";

    private record Problem(RowProblem problem, String studentId) {
    }
    private static final String WITHDRAW = "INSERT INTO withdrawn_student (run_id, line_no, student_id) VALUES (?, ?, ?)";

    private final JdbcTemplate jdbc;
    private final long runId;

    public StagingWriter(JdbcTemplate jdbc, long runId) {
        this.jdbc = jdbc;
        this.runId = runId;
    }

    @Override
    public void write(Chunk<? extends LoadedRow> chunk) {
        List<LoadedRow.Accepted> accepted = new ArrayList<>();
        List<Problem> problems = new ArrayList<>();
        List<LoadedRow.Withdrawn> withdrawn = new ArrayList<>();
        for (LoadedRow row : chunk) {
            if (row instanceof LoadedRow.Accepted a) {
                accepted.add(a);
            } else if (row instanceof LoadedRow.Rejected r) {
                r.problems().forEach(p -> problems.add(new Problem(p, r.studentId())));
            } else if (row instanceof LoadedRow.Withdrawn w) {
                withdrawn.add(w);
            }
        }
        if (!withdrawn.isEmpty()) {
            jdbc.batchUpdate(WITHDRAW, withdrawn, withdrawn.size(), (ps, w) -> {
                ps.setLong(1, runId);
                ps.setLong(2, w.lineNumber());
                ps.setString(3, w.studentId());
            });
        }
        if (!accepted.isEmpty()) {
            jdbc.batchUpdate(STAGE, accepted, accepted.size(), this::bindStaged);
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

    private void bindStaged(PreparedStatement ps, LoadedRow.Accepted a) throws SQLException {
        RosterRow r = a.row();
        ps.setLong(1, runId);
        ps.setLong(2, r.lineNumber());
        ps.setString(3, a.schoolId());
        ps.setString(4, r.studentId());
        ps.setString(5, r.firstName());
        ps.setString(6, r.lastName());
        ps.setString(7, r.middleInitial());
        ps.setString(8, r.grade());
        if (r.birthDate() == null) {
            ps.setNull(9, Types.DATE);
        } else {
            ps.setDate(9, Date.valueOf(r.birthDate()));
        }
        ps.setString(10, r.studentEmail());
        ps.setString(11, r.guardianEmail());
        ps.setString(12, r.gender());
        ps.setString(13, r.homeRoom());
        ps.setString(14, r.referenceId());
        ps.setString(15, a.usernameBase());
        ps.setString(16, a.fingerprint());
    }
}
