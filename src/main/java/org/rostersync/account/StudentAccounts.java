package org.rostersync.account;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Reads student accounts. The writes are this module's other classes (see the package documentation) and the
 * import's apply step, set-based, in the sync module.
 */
@Repository
public class StudentAccounts {

    private static final String COLUMNS = """
            id, district_id, school_id, student_id, username, first_name, last_name, grade, email, status, origin,
            missing_since, activated_at""";

    private final JdbcClient jdbc;

    StudentAccounts(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** A school's students ordered by last and first name; {@code status} {@code null} means all. */
    public List<StudentAccount> inSchool(String schoolId, AccountStatus status, int offset, int limit) {
        return inSchool(schoolId, status, null, offset, limit);
    }

    /** The same, of one grade when {@code grade} is not {@code null}. */
    public List<StudentAccount> inSchool(String schoolId, AccountStatus status, String grade, int offset, int limit) {
        return inSchool(schoolId, status, grade, null, offset, limit);
    }

    /**
     * The same, of the students whose name ("First Last" or "Last, First"), username or Student ID contains
     * {@code search}, ignoring case, when it is not {@code null} or blank.
     */
    public List<StudentAccount> inSchool(String schoolId, AccountStatus status, String grade, String search,
            int offset, int limit) {
        return jdbc.sql("SELECT " + COLUMNS + """
                 FROM student_account
                WHERE school_id = :school AND (:status IS NULL OR status = :status)
                  AND (:grade IS NULL OR grade = :grade)""" + SEARCH + """
                 ORDER BY last_name, first_name, student_id
                OFFSET :offset ROWS FETCH NEXT :limit ROWS ONLY""")
                .param("school", schoolId)
                .param("status", status == null ? null : status.name(), java.sql.Types.VARCHAR)
                .param("grade", grade, java.sql.Types.VARCHAR)
                .param("search", pattern(search), java.sql.Types.VARCHAR)
                .param("offset", offset)
                .param("limit", limit)
                .query(StudentAccounts::map)
                .list();
    }

    public long countInSchool(String schoolId, AccountStatus status) {
        return countInSchool(schoolId, status, null);
    }

    public long countInSchool(String schoolId, AccountStatus status, String grade) {
        return countInSchool(schoolId, status, grade, null);
    }

    public long countInSchool(String schoolId, AccountStatus status, String grade, String search) {
        return jdbc.sql("""
                SELECT COUNT(*) FROM student_account
                 WHERE school_id = :school AND (:status IS NULL OR status = :status)
                   AND (:grade IS NULL OR grade = :grade)""" + SEARCH)
                .param("school", schoolId)
                .param("status", status == null ? null : status.name(), java.sql.Types.VARCHAR)
                .param("grade", grade, java.sql.Types.VARCHAR)
                .param("search", pattern(search), java.sql.Types.VARCHAR)
                .query(Long.class)
                .single();
    }

    /**
     * A search: a LIKE pattern in lower case, matched against lower-cased columns (the same on H2 and PostgreSQL);
     * {@code %}, {@code _} and the escape character typed are matched as themselves.
     */
    private static final String SEARCH = """

               AND (:search IS NULL
                    OR LOWER(first_name || ' ' || last_name) LIKE :search ESCAPE '!'
                    OR LOWER(last_name || ', ' || first_name) LIKE :search ESCAPE '!'
                    OR LOWER(username) LIKE :search ESCAPE '!'
                    OR LOWER(student_id) LIKE :search ESCAPE '!')""";

    private static String pattern(String search) {
        if (search == null || search.isBlank()) {
            return null;
        }
        String text = search.strip().replaceAll("\\s+", " ").toLowerCase(java.util.Locale.ROOT);
        return "%" + text.replace("!", "!!").replace("%", "!%").replace("_", "!_") + "%";
    }

    /** Every grade a school's accounts have (of a status, when given). */
    public List<String> gradesInSchool(String schoolId, AccountStatus status) {
        return jdbc.sql("""
                SELECT DISTINCT grade FROM student_account
                 WHERE school_id = :school AND (:status IS NULL OR status = :status)""")
                .param("school", schoolId)
                .param("status", status == null ? null : status.name(), java.sql.Types.VARCHAR)
                .query(String.class)
                .list();
    }

    public Optional<StudentAccount> byStudentId(String districtId, String studentId) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM student_account WHERE district_id = :d AND student_id = :s")
                .param("d", districtId)
                .param("s", studentId)
                .query(StudentAccounts::map)
                .optional();
    }

    public Optional<StudentAccount> byUsername(String username) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM student_account WHERE username = :u")
                .param("u", username)
                .query(StudentAccounts::map)
                .optional();
    }

    /** The accounts of a school among the given Student IDs (at most a few thousand per call). */
    public List<StudentAccount> inSchool(String schoolId, java.util.Collection<String> studentIds) {
        if (studentIds.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("SELECT " + COLUMNS + " FROM student_account WHERE school_id = :school AND student_id IN (:ids)")
                .param("school", schoolId)
                .param("ids", studentIds)
                .query(StudentAccounts::map)
                .list();
    }

    static StudentAccount map(ResultSet rs, int row) throws SQLException {
        return new StudentAccount(rs.getLong("id"), rs.getString("district_id"), rs.getString("school_id"),
                rs.getString("student_id"), rs.getString("username"), rs.getString("first_name"),
                rs.getString("last_name"), rs.getString("grade"), rs.getString("email"),
                AccountStatus.valueOf(rs.getString("status")), AccountOrigin.valueOf(rs.getString("origin")),
                instant(rs.getTimestamp("missing_since")), instant(rs.getTimestamp("activated_at")));
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
