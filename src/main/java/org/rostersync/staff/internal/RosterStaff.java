package org.rostersync.staff.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.rostersync.staff.StaffRole;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Roster staff as sign-in sees them: every {@code staff_account} row of one email, ignoring case. The roles and
 * schools of a signed-in roster staff member are their ACTIVE rows', read at sign-in and again while they stay.
 */
@Component
class RosterStaff {

    private final JdbcClient jdbc;

    RosterStaff(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** What the roster says of an email. */
    sealed interface Found {
    }

    /** No row has this email. */
    record Unknown() implements Found {
    }

    /** Rows have it, none ACTIVE. */
    record Deactivated(String districtId) implements Found {
    }

    /** ACTIVE at these schools, in these roles, in one district. */
    record Active(String email, String districtId, Map<String, StaffRole> schoolRoles) implements Found {
    }

    private record Row(String schoolId, String districtId, String role, String status) {
    }

    Found byEmail(String email) {
        String key = email.strip().toLowerCase(Locale.ROOT);
        List<Row> rows = jdbc.sql("""
                SELECT school_id, district_id, role, status FROM staff_account
                 WHERE email_key = :key
                 ORDER BY district_id, school_id""")
                .param("key", key)
                .query((rs, n) -> new Row(rs.getString("school_id"), rs.getString("district_id"), rs.getString("role"),
                        rs.getString("status")))
                .list();
        if (rows.isEmpty()) {
            return new Unknown();
        }
        List<Row> active = rows.stream().filter(row -> "ACTIVE".equals(row.status())).toList();
        if (active.isEmpty()) {
            return new Deactivated(rows.get(0).districtId());
        }
        // one person works for one district; should a roster list them in two, the first district's schools count
        String districtId = active.get(0).districtId();
        Map<String, StaffRole> schoolRoles = new LinkedHashMap<>();
        for (Row row : active) {
            if (row.districtId().equals(districtId)) {
                StaffRole role = StaffRole.valueOf(row.role());
                // SCHOOL_ADMIN wins should one school list a person twice (two Staff IDs, one email)
                schoolRoles.merge(row.schoolId(), role,
                        (a, b) -> a == StaffRole.SCHOOL_ADMIN || b == StaffRole.SCHOOL_ADMIN ? StaffRole.SCHOOL_ADMIN
                                : a);
            }
        }
        return new Active(key, districtId, schoolRoles);
    }
}
