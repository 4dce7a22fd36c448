package org.rostersync.staff;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The staff sign-in audit ({@code staff_event}): written by the staff module's sign-in code, read by district admins.
 * Nothing secret is kept: no password, token or claim beyond the email that the provider vouched for.
 */
@Repository
public class StaffEvents {

    /** Longer usernames (only staff-list usernames and provider emails reach here) are kept by their start. */
    private static final int USERNAME_LENGTH = 254;

    private final JdbcClient jdbc;
    private final Clock clock;

    StaffEvents(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** Records one event, now. */
    public void add(StaffEventType type, String username, String method, String provider, String districtId,
            String reason, String address) {
        jdbc.sql("""
                INSERT INTO staff_event (occurred_at, type, username, method, provider, district_id, reason, address)
                VALUES (:at, :type, :username, :method, :provider, :district, :reason, :address)""")
                .param("at", OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC))
                .param("type", type.name())
                .param("username", cut(username == null || username.isBlank() ? "?" : username, USERNAME_LENGTH))
                .param("method", method)
                .param("provider", provider, Types.VARCHAR)
                .param("district", districtId, Types.VARCHAR)
                .param("reason", reason, Types.VARCHAR)
                .param("address", address == null ? null : cut(address, 64), Types.VARCHAR)
                .update();
    }

    /** Deletes the events that happened before {@code floor}; says how many. */
    public int forgetBefore(java.time.Instant floor) {
        return jdbc.sql("DELETE FROM staff_event WHERE occurred_at < :floor")
                .param("floor", OffsetDateTime.ofInstant(floor, ZoneOffset.UTC)).update();
    }

    /** Whether the username signed in with {@code method} since {@code since} (an hour ago, for HTTP Basic). */
    public boolean signedInSince(String username, String method, java.time.Instant since) {
        return jdbc.sql("""
                SELECT COUNT(*) FROM staff_event
                 WHERE username = :username AND occurred_at > :since AND type = 'SIGNED_IN' AND method = :method""")
                .param("username", username)
                .param("since", OffsetDateTime.ofInstant(since, ZoneOffset.UTC))
                .param("method", method)
                .query(Long.class).single() > 0;
    }

    /**
     * A district's events, newest first, of one username and one type when given; events with no district (an email
     * no roster lists, a username not in the staff list, an operator) are every district admin's.
     */
    public List<StaffEvent> ofDistrict(String districtId, String username, StaffEventType type, Paging paging) {
        return jdbc.sql("SELECT id, occurred_at, type, username, method, provider, district_id, reason, address"
                + " FROM staff_event " + WHERE + """
                 ORDER BY occurred_at DESC, id DESC
                OFFSET :offset ROWS FETCH NEXT :limit ROWS ONLY""")
                .param("district", districtId)
                .param("username", username == null ? null : username.toLowerCase(java.util.Locale.ROOT),
                        Types.VARCHAR)
                .param("type", type == null ? null : type.name(), Types.VARCHAR)
                .param("offset", paging.offset())
                .param("limit", paging.size())
                .query(StaffEvents::map)
                .list();
    }

    public long countOfDistrict(String districtId, String username, StaffEventType type) {
        return jdbc.sql("SELECT COUNT(*) FROM staff_event " + WHERE)
                .param("district", districtId)
                .param("username", username == null ? null : username.toLowerCase(java.util.Locale.ROOT),
                        Types.VARCHAR)
                .param("type", type == null ? null : type.name(), Types.VARCHAR)
                .query(Long.class)
                .single();
    }

    private static final String WHERE = """
             WHERE (district_id = :district OR district_id IS NULL)
               AND (:username IS NULL OR LOWER(username) = :username)
               AND (:type IS NULL OR type = :type)""";

    private static StaffEvent map(ResultSet rs, int row) throws SQLException {
        return new StaffEvent(rs.getLong("id"), rs.getTimestamp("occurred_at").toInstant(),
                StaffEventType.valueOf(rs.getString("type")), rs.getString("username"), rs.getString("method"),
                rs.getString("provider"), rs.getString("district_id"), rs.getString("reason"),
                rs.getString("address"));
    }

    private static String cut(String text, int length) {
        return text.length() > length ? text.substring(0, length) : text;
    }
}
