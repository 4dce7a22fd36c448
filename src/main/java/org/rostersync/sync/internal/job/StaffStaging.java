package org.rostersync.sync.internal.job;

import java.util.ArrayList;
import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Writes a chunk's good staff rows to {@code staged_staff}, one row per staff member per school, in the chunk's
 * transaction. Plain JDBC batches on both databases: a staff file has a few thousand rows at most.
 */
final class StaffStaging {

    private static final String STAGE = """
            INSERT INTO staged_staff (run_id, line_no, school_id, staff_id, first_name, last_name, email, role)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)""";

    private record Staged(LoadedRow.StaffAccepted accepted, String schoolId) {
    }

    private StaffStaging() {
    }

    static void stage(JdbcTemplate jdbc, long runId, List<LoadedRow.StaffAccepted> rows) {
        if (rows.isEmpty()) {
            return;
        }
        List<Staged> staged = new ArrayList<>();
        rows.forEach(row -> row.schoolIds().forEach(school -> staged.add(new Staged(row, school))));
        jdbc.batchUpdate(STAGE, staged, staged.size(), (ps, s) -> {
            var row = s.accepted().row();
            ps.setLong(1, runId);
            ps.setLong(2, row.lineNumber());
            ps.setString(3, s.schoolId());
            ps.setString(4, row.staffId());
            ps.setString(5, row.firstName());
            ps.setString(6, row.lastName());
            ps.setString(7, row.email());
            ps.setString(8, row.role());
        });
    }
}
