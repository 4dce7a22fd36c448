package org.rostersync.school;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TimeZone;

import org.rostersync.roster.FormatOptions;
import org.rostersync.roster.RecordKind;
import org.rostersync.roster.RosterFormat;

/**
 * One roster source on a schedule, for one school or a whole district.
 *
 * @param schoolId  the school of a SCHOOL feed, {@code null} for a DISTRICT feed
 * @param columns   the feed's own header names for fields (field name → header), may be empty
 * @param timeZone  the zone its schedule is read in
 * @param notifyAddresses who is mailed when a run is HELD or FAILED
 * @param formatOptions which export column becomes the Student ID in CLEVER and ONEROSTER files
 * @param records   what the feed's roster gives: students (the default), staff, or (OneRoster and Clever) both
 */
public record ImportFeed(String id, FeedScope scope, String districtId, String schoolId, FeedSource source,
        RosterFormat format, FeedSchedule schedule, ZoneId timeZone, Duration deactivationGrace,
        GuardSettings guard, Map<String, String> columns, List<String> notifyAddresses, SftpSettings sftp,
        FormatOptions formatOptions, Set<RecordKind> records) {

    public ImportFeed {
        columns = Map.copyOf(columns);
        notifyAddresses = List.copyOf(notifyAddresses);
        formatOptions = formatOptions == null ? FormatOptions.DEFAULTS : formatOptions;
        records = records == null || records.isEmpty() ? Set.of(RecordKind.STUDENTS) : Set.copyOf(records);
    }

    /** A student feed. */
    public ImportFeed(String id, FeedScope scope, String districtId, String schoolId, FeedSource source,
            RosterFormat format, FeedSchedule schedule, ZoneId timeZone, Duration deactivationGrace,
            GuardSettings guard, Map<String, String> columns, List<String> notifyAddresses, SftpSettings sftp,
            FormatOptions formatOptions) {
        this(id, scope, districtId, schoolId, source, format, schedule, timeZone, deactivationGrace, guard, columns,
                notifyAddresses, sftp, formatOptions, Set.of(RecordKind.STUDENTS));
    }

    /** Whether the feed's roster gives staff only: its runs import staff records, not students. */
    public boolean staffOnly() {
        return records.equals(Set.of(RecordKind.STAFF));
    }

    /** A feed with the default format options. */
    public ImportFeed(String id, FeedScope scope, String districtId, String schoolId, FeedSource source,
            RosterFormat format, FeedSchedule schedule, ZoneId timeZone, Duration deactivationGrace,
            GuardSettings guard, Map<String, String> columns, List<String> notifyAddresses, SftpSettings sftp) {
        this(id, scope, districtId, schoolId, source, format, schedule, timeZone, deactivationGrace, guard, columns,
                notifyAddresses, sftp, FormatOptions.DEFAULTS);
    }

    /**
     * The feed's zone as the {@link TimeZone} its schedule is computed in (Quartz). {@code TimeZone.getTimeZone}
     * does not know java.time's spelling of a fixed offset, {@code UTC-06:00} (what {@code time-zone: UTC-6}
     * becomes), and silently takes GMT for it; such a zone is given by its offset instead.
     */
    public TimeZone scheduleTimeZone() {
        TimeZone named = TimeZone.getTimeZone(timeZone);
        ZoneOffset offset = timeZone.getRules().getOffset(Instant.EPOCH);
        if (timeZone.getRules().isFixedOffset() && named.getRawOffset() != offset.getTotalSeconds() * 1000) {
            return TimeZone.getTimeZone(offset);
        }
        return named;
    }

    /** District-level files never deactivate anyone; only a school's own file may. */
    public boolean mayDeactivate() {
        return scope == FeedScope.SCHOOL;
    }
}
