package org.rostersync.school;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.boot.convert.DurationStyle;
import org.rostersync.roster.CleverStudentId;
import org.rostersync.roster.FormatOptions;
import org.rostersync.roster.OneRosterStudentId;
import org.rostersync.roster.RosterField;
import org.rostersync.roster.RecordKind;
import org.rostersync.roster.RosterFormat;
import org.rostersync.school.SchoolSettings.DistrictEntry;
import org.rostersync.school.SchoolSettings.FeedEntry;
import org.rostersync.school.SchoolSettings.SchoolEntry;

/**
 * Turns the raw settings into a {@link SchoolDirectory}, collecting every problem with the exact key that holds
 * it, so that an admin fixes {@code config/} in one pass instead of one restart per mistake.
 */
final class SchoolDirectoryFactory {

    private static final Pattern ID = Pattern.compile("[a-z0-9-]+");
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");

    private final List<String> problems = new ArrayList<>();

    static SchoolDirectory create(SchoolSettings settings) {
        return create(settings, List.of());
    }

    /**
     * @param keys the names of the settings as written under {@code rostersync.districts} and {@code
     *             rostersync.feeds} (e.g. {@code rostersync.feeds[0].notify[0]}), to find the misspelt ones
     */
    static SchoolDirectory create(SchoolSettings settings, Collection<String> keys) {
        SchoolDirectoryFactory factory = new SchoolDirectoryFactory();
        factory.unknownKeys(keys);
        return factory.build(settings);
    }

    private SchoolDirectory build(SchoolSettings settings) {
        List<District> districts = districts(settings.districts());
        Map<String, School> schools = new LinkedHashMap<>();
        districts.forEach(d -> d.schools().forEach(s -> schools.put(s.id(), s)));
        Map<String, District> byId = new LinkedHashMap<>();
        districts.forEach(d -> byId.put(d.id(), d));
        List<ImportFeed> feeds = feeds(settings.feeds(), byId, schools);
        if (!problems.isEmpty()) {
            throw new InvalidSettingsException(problems);
        }
        return new SchoolDirectory(districts, feeds);
    }

    /**
     * An ISO-8601 duration ({@code P3D}, {@code PT12H}) or one with a unit ({@code 3d}, {@code 72h}). A bare number
     * is refused: Spring would read {@code 3} as 3 milliseconds, and a grace window meant as 3 days would deactivate
     * students at once.
     */
    private Duration grace(String value, String key, Duration fallback) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        String text = value.strip();
        if (text.chars().allMatch(Character::isDigit)) {
            problems.add(key + ": '" + text + "' has no unit; write an ISO-8601 duration such as P" + text
                    + "D for " + text + " days, PT" + text + "H for hours, or PT0S for none");
            return fallback;
        }
        Duration grace;
        try {
            grace = DurationStyle.detectAndParse(text);
        } catch (IllegalArgumentException e) {
            problems.add(key + ": '" + text + "' is not a duration; write it in ISO-8601, e.g. P3D or PT0S");
            return fallback;
        }
        if (grace.isNegative()) {
            problems.add(key + ": must not be negative, e.g. P3D or PT0S");
        }
        return grace;
    }

    /** The settings a district, a school and a feed may have; anything else under them is a typo. */
    private static final Map<String, Set<String>> KNOWN = Map.of(
            "district", Set.of("id", "name", "schools"),
            "school", Set.of("id", "name", "reference-id", "time-zone"),
            "feed", Set.of("id", "scope", "school", "district", "source", "format", "schedule", "time-zone",
                    "deactivation-grace", "guard", "columns", "notify", "sftp", "clever-student-id",
                    "oneroster-student-id", "records"),
            "guard", Set.of("max-deactivation-percent", "max-rejected-percent", "deactivation-floor",
                    "max-shrink-percent"),
            "sftp", Set.of("host", "port", "username", "password", "password-file", "private-key",
                    "private-key-passphrase", "known-hosts", "host-key-fingerprint", "path"));

    private static final Pattern DISTRICT_KEY = Pattern.compile(
            "rostersync\\.districts\\[\\d+]\\.([^.\\[]+)(?:\\[\\d+]\\.([^.\\[]+))?.*");
    private static final Pattern FEED_KEY = Pattern.compile(
            "rostersync\\.feeds\\[\\d+]\\.([^.\\[]+)(?:\\.([^.\\[]+))?.*");

    /**
     * Names every key under {@code rostersync.districts} and {@code rostersync.feeds} that is no setting: without
     * this, {@code notfy:} would quietly send no mail and {@code max-deactivation-pct: 5} keep the default guard.
     */
    private void unknownKeys(Collection<String> keys) {
        for (String key : keys) {
            Matcher district = DISTRICT_KEY.matcher(key);
            Matcher feed = FEED_KEY.matcher(key);
            if (district.matches()) {
                if (!known("district", district.group(1))) {
                    unknown(key, "district");
                } else if (relaxed(district.group(1)).equals("schools") && district.group(2) != null
                        && !known("school", district.group(2))) {
                    unknown(key, "school");
                }
            } else if (feed.matches()) {
                String setting = relaxed(feed.group(1));
                if (!known("feed", setting)) {
                    unknown(key, "feed");
                } else if ((setting.equals("guard") || setting.equals("sftp")) && feed.group(2) != null
                        && !known(setting, feed.group(2))) {
                    unknown(key, setting);
                }
            }
        }
    }

    /** Whether {@code name} is a setting of {@code kind}, as Spring binds it: {@code timeZone}, {@code time-zone}. */
    private static boolean known(String kind, String name) {
        String wanted = relaxed(name);
        return KNOWN.get(kind).stream().anyMatch(setting -> relaxed(setting).equals(wanted));
    }

    private static String relaxed(String name) {
        return name.replace("-", "").replace("_", "").toLowerCase(Locale.ROOT);
    }

    private void unknown(String key, String kind) {
        problems.add(key + ": there is no such setting; check the spelling. A " + kind + " has "
                + String.join(", ", new java.util.TreeSet<>(KNOWN.get(kind))));
    }

    private List<District> districts(List<DistrictEntry> entries) {
        List<District> districts = new ArrayList<>();
        Set<String> districtIds = new HashSet<>();
        Set<String> schoolIds = new HashSet<>();
        for (int d = 0; d < entries.size(); d++) {
            DistrictEntry entry = entries.get(d);
            String key = "rostersync.districts[" + d + "]";
            String id = id(entry.id(), key + ".id", districtIds, "district");
            List<School> schools = new ArrayList<>();
            Set<String> references = new HashSet<>();
            List<SchoolEntry> schoolEntries = entry.schools() == null ? List.of() : entry.schools();
            for (int s = 0; s < schoolEntries.size(); s++) {
                SchoolEntry school = schoolEntries.get(s);
                String schoolKey = key + ".schools[" + s + "]";
                String schoolId = id(school.id(), schoolKey + ".id", schoolIds, "school");
                String reference = school.referenceId() == null ? "" : school.referenceId().trim();
                if (reference.isEmpty()) {
                    problems.add(schoolKey + ".reference-id: missing; give the School ID value that names this"
                            + " school in roster files, e.g. reference-id: \"101\"");
                } else if (!references.add(reference)) {
                    problems.add(schoolKey + ".reference-id: '" + reference + "' is used by another school of"
                            + " district '" + id + "'; each school needs its own");
                }
                ZoneId zone = zone(school.timeZone(), schoolKey + ".time-zone", ZoneId.of("UTC"));
                schools.add(new School(schoolId, orElse(school.name(), schoolId), id, reference, zone));
            }
            districts.add(new District(id, orElse(entry.name(), id), schools));
        }
        return districts;
    }

    private List<ImportFeed> feeds(List<FeedEntry> entries, Map<String, District> districts,
            Map<String, School> schools) {
        List<ImportFeed> feeds = new ArrayList<>();
        Set<String> feedIds = new HashSet<>();
        for (int f = 0; f < entries.size(); f++) {
            FeedEntry entry = entries.get(f);
            String key = "rostersync.feeds[" + f + "]";
            String id = id(entry.id(), key + ".id", feedIds, "feed");
            FeedScope scope = choice(entry.scope(), key + ".scope", FeedScope.class, null);
            FeedSource source = choice(entry.source(), key + ".source", FeedSource.class, FeedSource.SFTP);
            RosterFormat format = choice(entry.format(), key + ".format", RosterFormat.class,
                    source == FeedSource.CLEVER ? RosterFormat.CLEVER : RosterFormat.STANDARD);
            FeedSchedule schedule = schedule(entry.schedule(), key + ".schedule");
            String districtId = null;
            String schoolId = null;
            ZoneId defaultZone = ZoneId.of("UTC");
            if (scope == FeedScope.SCHOOL) {
                School school = entry.school() == null ? null : schools.get(entry.school());
                if (entry.school() == null || entry.school().isBlank()) {
                    problems.add(key + ".school: a SCHOOL feed needs the id of its school");
                } else if (school == null) {
                    problems.add(key + ".school: unknown school '" + entry.school() + "'; known schools: "
                            + schools.keySet());
                } else {
                    schoolId = school.id();
                    districtId = school.districtId();
                    defaultZone = school.timeZone();
                    if (entry.district() != null && !entry.district().equals(districtId)) {
                        problems.add(key + ".district: school '" + schoolId + "' belongs to district '"
                                + districtId + "', not '" + entry.district() + "'");
                    }
                }
            } else if (scope == FeedScope.DISTRICT) {
                District district = entry.district() == null ? null : districts.get(entry.district());
                if (entry.district() == null || entry.district().isBlank()) {
                    problems.add(key + ".district: a DISTRICT feed needs the id of its district");
                } else if (district == null) {
                    problems.add(key + ".district: unknown district '" + entry.district() + "'; known districts: "
                            + districts.keySet());
                } else {
                    districtId = district.id();
                    if (!district.schools().isEmpty()) {
                        defaultZone = district.schools().get(0).timeZone();
                    }
                }
                if (entry.school() != null && !entry.school().isBlank()) {
                    problems.add(key + ".school: a DISTRICT feed routes rows by School ID; remove 'school' or"
                            + " use scope: SCHOOL");
                }
            }
            if (schedule instanceof FeedSchedule.OneTime && source != FeedSource.UPLOAD) {
                problems.add(key + ".schedule: ONE_TIME is for flat-file feeds; use source: UPLOAD or give a"
                        + " recurring schedule");
            }
            if (source == FeedSource.UPLOAD && schedule != null && !(schedule instanceof FeedSchedule.OneTime)) {
                problems.add(key + ".schedule: an UPLOAD feed has no file to pull on a schedule; use ONE_TIME");
            }
            ZoneId zone = zone(entry.timeZone(), key + ".time-zone", defaultZone);
            Duration grace = grace(entry.deactivationGrace(), key + ".deactivation-grace",
                    // a roster from Clever: pulled as a CLEVER source, or any feed reading Clever's export format
                    source == FeedSource.CLEVER || format == RosterFormat.CLEVER ? Duration.ofDays(3) : Duration.ZERO);
            GuardSettings guard = guard(entry, key);
            Set<RecordKind> records = records(entry.records(), key + ".records", format);
            Map<String, String> columns = columns(entry.columns(), key + ".columns", records);
            List<String> notify = entry.notifyAddresses() == null ? List.<String>of() : entry.notifyAddresses();
            for (int n = 0; n < notify.size(); n++) {
                if (!EMAIL.matcher(notify.get(n)).matches()) {
                    problems.add(key + ".notify[" + n + "]: '" + notify.get(n) + "' is not an email address");
                }
            }
            SftpSettings sftp = sftp(entry.sftp(), key + ".sftp", source);
            FormatOptions formatOptions = formatOptions(entry, key, format);
            feeds.add(new ImportFeed(id, scope, districtId, schoolId, source, format, schedule, zone, grace, guard,
                    columns, notify, sftp, formatOptions, records));
        }
        return feeds;
    }

    /** {@code clever-student-id} and {@code oneroster-student-id}: only on feeds of that format. */
    private FormatOptions formatOptions(FeedEntry entry, String key, RosterFormat format) {
        CleverStudentId clever = null;
        OneRosterStudentId oneRoster = null;
        if (!isBlank(entry.cleverStudentId())) {
            clever = CleverStudentId.of(entry.cleverStudentId().trim()).orElse(null);
            if (clever == null) {
                problems.add(key + ".clever-student-id: '" + entry.cleverStudentId() + "' is not valid; use"
                        + " Student_id (the default), Student_number or State_id");
            } else if (format != RosterFormat.CLEVER) {
                problems.add(key + ".clever-student-id: only CLEVER feeds read it; remove it or set format: CLEVER");
            }
        }
        if (!isBlank(entry.onerosterStudentId())) {
            oneRoster = OneRosterStudentId.of(entry.onerosterStudentId().trim()).orElse(null);
            if (oneRoster == null) {
                problems.add(key + ".oneroster-student-id: '" + entry.onerosterStudentId() + "' is not valid; use"
                        + " sourcedId (the default) or identifier");
            } else if (format != RosterFormat.ONEROSTER) {
                problems.add(key + ".oneroster-student-id: only ONEROSTER feeds read it; remove it or set format:"
                        + " ONEROSTER");
            }
        }
        return new FormatOptions(clever, oneRoster);
    }

    private GuardSettings guard(FeedEntry entry, String key) {
        int deactivation = GuardSettings.DEFAULTS.maxDeactivationPercent();
        int rejected = GuardSettings.DEFAULTS.maxRejectedPercent();
        int floor = GuardSettings.DEFAULTS.deactivationFloor();
        int shrink = GuardSettings.DEFAULTS.maxShrinkPercent();
        if (entry.guard() != null) {
            deactivation = percent(entry.guard().maxDeactivationPercent(), key + ".guard.max-deactivation-percent",
                    deactivation);
            rejected = percent(entry.guard().maxRejectedPercent(), key + ".guard.max-rejected-percent", rejected);
            shrink = percent(entry.guard().maxShrinkPercent(), key + ".guard.max-shrink-percent", shrink);
            if (entry.guard().deactivationFloor() != null) {
                floor = entry.guard().deactivationFloor();
                if (floor < 0) {
                    problems.add(key + ".guard.deactivation-floor: " + floor + " must be 0 or more");
                }
            }
        }
        return new GuardSettings(deactivation, rejected, floor, shrink);
    }

    private int percent(Integer value, String key, int defaultValue) {
        if (value == null) {
            return defaultValue;
        }
        if (value < 0 || value > 100) {
            problems.add(key + ": " + value + " is not a percentage from 0 to 100");
        }
        return value;
    }

    /**
     * {@code records}: STUDENTS (the default) or STAFF; both only for a OneRoster or Clever export, which holds
     * students and staff in one pull.
     */
    private Set<RecordKind> records(List<String> values, String key, RosterFormat format) {
        if (values == null || values.isEmpty()) {
            return Set.of(RecordKind.STUDENTS);
        }
        Set<RecordKind> records = java.util.EnumSet.noneOf(RecordKind.class);
        for (int i = 0; i < values.size(); i++) {
            RecordKind kind = choice(values.get(i), key + (values.size() > 1 ? "[" + i + "]" : ""), RecordKind.class,
                    null);
            if (kind != null) {
                records.add(kind);
            }
        }
        if (records.isEmpty()) {
            return Set.of(RecordKind.STUDENTS);
        }
        if (records.size() > 1 && format == RosterFormat.STANDARD) {
            problems.add(key + ": a STANDARD file holds students or staff, not both; use records: STUDENTS or"
                    + " records: STAFF, and a feed for each file");
        }
        return records;
    }

    private Map<String, String> columns(Map<String, String> columns, String key, Set<RecordKind> records) {
        if (columns == null) {
            return Map.of();
        }
        Map<String, String> result = new LinkedHashMap<>();
        columns.forEach((field, header) -> {
            String normalized = field.toLowerCase(Locale.ROOT);
            Set<RosterField> fields = java.util.EnumSet.noneOf(RosterField.class);
            records.forEach(kind -> fields.addAll(RosterField.of(kind)));
            if (RosterField.byKey(normalized).filter(fields::contains).isEmpty()) {
                List<String> keys = new ArrayList<>();
                for (RosterField known : fields) {
                    keys.add(known.key());
                }
                problems.add(key + "." + field + ": unknown field; use one of " + keys);
            } else if (header == null || header.isBlank()) {
                problems.add(key + "." + field + ": give the header name in the file that holds this field");
            } else {
                result.put(normalized, header);
            }
        });
        return result;
    }

    private SftpSettings sftp(SchoolSettings.SftpEntry entry, String key, FeedSource source) {
        boolean pulls = source == FeedSource.SFTP || source == FeedSource.CLEVER;
        if (entry == null) {
            if (pulls) {
                problems.add(key + ": a " + source + " feed needs sftp settings (host, username, path,"
                        + " known-hosts, and password or private-key)");
            }
            return null;
        }
        require(entry.host(), key + ".host", "the SFTP server's host name");
        require(entry.username(), key + ".username", "the SFTP login name");
        require(entry.path(), key + ".path", "the remote file path, e.g. imports/students.csv");
        if (isBlank(entry.password()) && isBlank(entry.passwordFile()) && isBlank(entry.privateKey())) {
            problems.add(key + ": give password (e.g. ${LINCOLN_SFTP_PASSWORD:}), password-file or private-key"
                    + " (a key file path)");
        }
        if (!isBlank(entry.hostKeyFingerprint()) && !entry.hostKeyFingerprint().trim().startsWith("SHA256:")) {
            problems.add(key + ".host-key-fingerprint: give the server key's SHA-256 fingerprint as printed by"
                    + " ssh-keygen -lf, e.g. SHA256:nThbg6kXUpJWGl7E1IGOCspRomTxdCARLviKw6E5SY8");
        }
        if (isBlank(entry.knownHosts()) && isBlank(entry.hostKeyFingerprint())) {
            problems.add(key + ".known-hosts: host keys are always checked; give a known_hosts file or"
                    + " host-key-fingerprint: SHA256:...");
        }
        int port = entry.port() == null ? 22 : entry.port();
        if (port < 1 || port > 65535) {
            problems.add(key + ".port: " + port + " is not a TCP port");
        }
        return new SftpSettings(entry.host(), port, entry.username(), blankToNull(entry.password()),
                blankToNull(entry.passwordFile()), blankToNull(entry.privateKey()),
                blankToNull(entry.privateKeyPassphrase()), blankToNull(entry.knownHosts()),
                blankToNull(entry.hostKeyFingerprint()), entry.path());
    }

    private FeedSchedule schedule(String text, String key) {
        try {
            return FeedSchedule.parse(text);
        } catch (IllegalArgumentException e) {
            problems.add(key + ": " + e.getMessage());
            return null;
        }
    }

    private ZoneId zone(String text, String key, ZoneId defaultZone) {
        if (isBlank(text)) {
            return defaultZone;
        }
        try {
            return ZoneId.of(text.trim());
        } catch (DateTimeException e) {
            problems.add(key + ": '" + text + "' is not a time zone; use a region id such as America/Chicago");
            return defaultZone;
        }
    }

    private <E extends Enum<E>> E choice(String text, String key, Class<E> type, E defaultValue) {
        Function<E[], List<String>> names = values -> {
            List<String> list = new ArrayList<>();
            for (E value : values) {
                list.add(value.name());
            }
            return list;
        };
        if (isBlank(text)) {
            if (defaultValue == null) {
                problems.add(key + ": missing; use one of " + names.apply(type.getEnumConstants()));
            }
            return defaultValue;
        }
        try {
            return Enum.valueOf(type, text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            problems.add(key + ": '" + text + "' is not valid; use one of " + names.apply(type.getEnumConstants()));
            return defaultValue;
        }
    }

    private String id(String id, String key, Set<String> seen, String what) {
        if (isBlank(id)) {
            problems.add(key + ": missing; every " + what + " needs an id of lower-case letters, digits and -");
            return "";
        }
        if (!ID.matcher(id).matches()) {
            problems.add(key + ": '" + id + "' may only hold lower-case letters, digits and -");
        }
        if (!seen.add(id)) {
            problems.add(key + ": duplicate " + what + " id '" + id + "'");
        }
        return id;
    }

    private void require(String value, String key, String what) {
        if (isBlank(value)) {
            problems.add(key + ": missing; give " + what);
        }
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }

    /** An unset {@code ${ENV_VAR:}} placeholder gives an empty string: that means "not given". */
    private static String blankToNull(String value) {
        return isBlank(value) ? null : value;
    }

    private static String orElse(String value, String fallback) {
        return isBlank(value) ? fallback : value;
    }
}
