package org.rostersync.roster;

import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A field of a roster row (students' or staff's, see {@link #of}), with the header names it is known by. Headers
 * match ignoring case, spaces, {@code _} and {@code -}.
 */
public enum RosterField {

    SCHOOL_ID("school-id", "School ID", 50, "schoolid", "schoolcode", "schoolnumber", "building", "buildingid"),
    STUDENT_ID("student-id", "Student ID", 50, "studentid", "studentnumber", "localid", "sisid", "id"),
    FIRST_NAME("first-name", "First Name", 100, "firstname", "givenname", "first"),
    LAST_NAME("last-name", "Last Name", 100, "lastname", "familyname", "surname", "last"),
    GRADE("grade", "Grade", 5, "grade", "gradelevel", "gr"),
    MIDDLE_INITIAL("middle-initial", "Middle Initial", 10, "middleinitial", "mi", "middle"),
    BIRTH_DATE("birth-date", "Birth Date", 10, "birthdate", "dob", "dateofbirth", "birthday"),
    STUDENT_EMAIL("student-email", "Student Email", 254, "studentemail", "email", "emailaddress"),
    GUARDIAN_EMAIL("guardian-email", "Guardian Email", 254, "guardianemail", "parentemail", "contactemail"),
    GENDER("gender", "Gender", 20, "gender", "sex"),
    HOME_ROOM("home-room", "Home Room", 50, "homeroom", "homeroomteacher", "room"),
    REFERENCE_ID("reference-id", "Reference ID", 50, "referenceid", "stateid", "ssid"),
    // the fields of a staff roster besides School ID, First Name and Last Name
    STAFF_ID("staff-id", "Staff ID", 50, "staffid", "teacherid", "employeeid", "staffnumber"),
    EMAIL("email", "Email", 254, "email", "emailaddress", "staffemail", "teacheremail"),
    ROLE("role", "Role", 20, "role", "staffrole");

    /** The fields of a student roster: a staff file's own columns are unknown (ignored) in a student file. */
    public static final Set<RosterField> STUDENT_FIELDS = Collections.unmodifiableSet(
            EnumSet.range(SCHOOL_ID, REFERENCE_ID));

    /** The fields of a staff roster. */
    public static final Set<RosterField> STAFF_FIELDS = Collections.unmodifiableSet(
            EnumSet.of(SCHOOL_ID, STAFF_ID, FIRST_NAME, LAST_NAME, EMAIL, ROLE));

    /** The fields a roster of that kind has. */
    public static Set<RosterField> of(RecordKind kind) {
        return kind == RecordKind.STAFF ? STAFF_FIELDS : STUDENT_FIELDS;
    }

    private final String key;
    private final String label;
    private final int maxLength;
    private final List<String> aliases;

    RosterField(String key, String label, int maxLength, String... aliases) {
        this.key = key;
        this.label = label;
        this.maxLength = maxLength;
        this.aliases = List.of(aliases);
    }

    /**
     * The account fields a roster may leave out: a file without a column for one of them leaves its stored values
     * alone (only an empty cell in a column that is there clears a value).
     */
    public static final Set<RosterField> OPTIONAL = Collections.unmodifiableSet(EnumSet.of(MIDDLE_INITIAL,
            BIRTH_DATE, STUDENT_EMAIL, GUARDIAN_EMAIL, GENDER, HOME_ROOM, REFERENCE_ID));

    /** The settings key, as used in a feed's {@code columns} map. */
    public String key() {
        return key;
    }

    /** The column name people see in the file format and in rejected-row reports. */
    public String label() {
        return label;
    }

    public int maxLength() {
        return maxLength;
    }

    List<String> aliases() {
        return aliases;
    }

    public static Optional<RosterField> byKey(String key) {
        for (RosterField field : values()) {
            if (field.key.equals(key)) {
                return Optional.of(field);
            }
        }
        return Optional.empty();
    }

    /**
     * A header name reduced to what matching compares: lower case, no spaces (no-break ones included), underscores,
     * hyphens or invisible marks (a byte-order mark, zero-width spaces).
     */
    public static String normalize(String header) {
        return header == null ? "" : SPACES.matcher(header).replaceAll("").toLowerCase(Locale.ROOT);
    }

    private static final Pattern SPACES = Pattern.compile(
            "[\\s\\p{Z}\\u200B-\\u200D\\u2060\\uFEFF_\\-]");
}
