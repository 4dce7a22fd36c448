package org.rostersync.sync.internal.job;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;

import org.rostersync.roster.RosterField;
import org.rostersync.roster.RosterRow;
import org.rostersync.sync.internal.run.RunRecords;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The optional fields a run's file has no column for (or no column the feed's {@code columns} maps): the run keeps
 * their stored values, where an empty cell in a column that is there clears one. The plan then compares a staged row
 * with its account field by field over the fields the file has (the row's digest covers every field, so it would
 * differ only for the fields left out), the apply leaves the others as they are, and the accounts it changed get the
 * digest of their stored values, so that the next complete file is compared with what is really there.
 * <p>
 * A run whose file has every field plans and applies by the digest alone, as it always did.
 */
public final class AbsentFields {

    /** The columns of {@code staged_student} and {@code student_account} that hold each optional field. */
    private static final Map<RosterField, String> COLUMNS = Map.of(
            RosterField.MIDDLE_INITIAL, "middle_initial", RosterField.BIRTH_DATE, "birth_date",
            RosterField.STUDENT_EMAIL, "email", RosterField.GUARDIAN_EMAIL, "guardian_email",
            RosterField.GENDER, "gender", RosterField.HOME_ROOM, "home_room", RosterField.REFERENCE_ID, "reference_id");

    private static final AbsentFields NONE = new AbsentFields(EnumSet.noneOf(RosterField.class));

    private final Set<RosterField> fields;

    private AbsentFields(Set<RosterField> fields) {
        this.fields = Collections.unmodifiableSet(fields);
    }

    /** The given optional fields as absent; fields that are not optional are never absent. */
    public static AbsentFields of(Set<RosterField> absent) {
        Set<RosterField> fields = EnumSet.noneOf(RosterField.class);
        absent.stream().filter(RosterField.OPTIONAL::contains).forEach(fields::add);
        return fields.isEmpty() ? NONE : new AbsentFields(fields);
    }

    /**
     * The optional fields the run's file had no column for, as its load step recorded them; none when it recorded no
     * fields (then nothing is kept that was not kept before they were recorded).
     */
    public static AbsentFields ofRun(RunRecords runs, long runId) {
        return runs.presentFields(runId).map(present -> {
            Set<RosterField> absent = EnumSet.copyOf(RosterField.OPTIONAL);
            present.forEach(key -> RosterField.byKey(key).ifPresent(absent::remove));
            return of(absent);
        }).orElse(NONE);
    }

    public boolean none() {
        return fields.isEmpty();
    }

    public Set<RosterField> fields() {
        return fields;
    }

    /**
     * The plan's test that staged row {@code s} changes account {@code a}: their digests differ when the file has
     * every field; else a field the file has differs. An email that staff gave a hand-made account stays while the
     * roster gives none (see {@link ChangeApplier#UPDATE}), so that is no change, as the digest (made without it)
     * says too.
     */
    String changed() {
        if (none()) {
            return "a.row_hash <> s.row_hash";
        }
        StringJoiner differs = new StringJoiner(" OR ", "(", ")");
        for (String column : List.of("first_name", "last_name", "grade")) {
            differs.add("a." + column + " IS DISTINCT FROM s." + column);
        }
        for (RosterField field : RosterField.OPTIONAL) {
            if (fields.contains(field)) {
                continue;
            }
            String column = COLUMNS.get(field);
            differs.add(field == RosterField.STUDENT_EMAIL
                    ? "(a.email IS DISTINCT FROM s.email AND (s.email IS NOT NULL OR a.email_from_staff = FALSE))"
                    : "a." + column + " IS DISTINCT FROM s." + column);
        }
        return differs.toString();
    }

    /**
     * The apply's assignments of the optional fields (and {@code email_from_staff}) for account {@code a} from staged
     * row {@code s}: a field the file has takes the row's value, one it lacks keeps its own.
     */
    String assignments() {
        StringJoiner set = new StringJoiner(", ");
        for (RosterField field : RosterField.OPTIONAL) {
            String column = COLUMNS.get(field);
            if (fields.contains(field)) {
                set.add(column + " = a." + column);
                if (field == RosterField.STUDENT_EMAIL) {
                    set.add("email_from_staff = a.email_from_staff");
                }
            } else if (field == RosterField.STUDENT_EMAIL) {
                set.add("email = CASE WHEN s.email IS NULL AND a.email_from_staff = TRUE THEN a.email ELSE s.email END");
                set.add("email_from_staff = CASE WHEN s.email IS NULL THEN a.email_from_staff ELSE FALSE END");
            } else {
                set.add(column + " = s." + column);
            }
        }
        return set.toString();
    }

    /**
     * After an apply that kept fields: gives the accounts {@code a.id <idCondition>} picks the digest of the values
     * they now hold (as a complete file with those values would stage them: without an email staff gave). A run whose
     * file has every field leaves the staged digest, which already is that.
     *
     * @return how many accounts got a new digest
     */
    public int redigest(JdbcTemplate jdbc, String idCondition, Object... params) {
        if (none()) {
            return 0;
        }
        List<Object[]> digests = new ArrayList<>();
        jdbc.query("""
                SELECT a.id, a.row_hash, a.first_name, a.last_name, a.middle_initial, a.grade, a.birth_date,
                       CASE WHEN a.email_from_staff = TRUE THEN NULL ELSE a.email END AS roster_email,
                       a.guardian_email, a.gender, a.home_room, a.reference_id
                  FROM student_account a
                 WHERE a.id\s""" + idCondition, rs -> {
            String digest = new RosterRow(0, null, null, rs.getString("first_name"), rs.getString("last_name"),
                    rs.getString("middle_initial"), rs.getString("grade"), rs.getObject("birth_date", LocalDate.class),
                    rs.getString("roster_email"), rs.getString("guardian_email"), rs.getString("gender"),
                    rs.getString("home_room"), rs.getString("reference_id")).fingerprint();
            if (!digest.equals(rs.getString("row_hash"))) {
                digests.add(new Object[] { digest, rs.getLong("id") });
            }
        }, params);
        if (!digests.isEmpty()) {
            jdbc.batchUpdate("UPDATE student_account SET row_hash = ? WHERE id = ?", digests);
        }
        return digests.size();
    }

    @Override
    public String toString() {
        return fields.toString();
    }
}
