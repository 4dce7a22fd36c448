package org.rostersync.sync.internal.job;

import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;

import org.rostersync.roster.RosterField;
import org.rostersync.roster.RosterRow;
import org.rostersync.sync.internal.database.DatabaseDialect;
import org.rostersync.sync.internal.run.RunReads;

/**
 * The optional fields a run's file has no column for (or no column the feed's {@code columns} maps): the run keeps
 * their stored values, where an empty cell in a column that is there clears one. The plan then compares a staged row
 * with its account field by field over the fields the file has (the row's digest covers every field, so it would
 * differ only for the fields left out), the apply leaves the others as they are and gives the accounts it changed the
 * digest of the values they now hold, so that the next complete file is compared with what is really there.
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
    public static AbsentFields ofRun(RunReads runs, long runId) {
        return runs.presentFields(runId).map(present -> {
            Set<RosterField> absent = EnumSet.copyOf(RosterField.OPTIONAL);
            present.forEach(key -> RosterField.byKey(key).ifPresent(absent::remove));
            return of(absent);
        }).orElse(NONE);
    }

    public boolean none() {
        return fields.isEmpty();
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
     * The apply's assignments of the optional fields, {@code email_from_staff} and the digest for account {@code a}
     * from staged row {@code s}: a field the file has takes the row's value, one it lacks keeps its own, and the
     * digest is the one of the values the account then holds (as a complete file with them would stage it: without
     * an email staff gave), which for a file with every field is the staged one.
     */
    String assignments(DatabaseDialect dialect) {
        StringJoiner set = new StringJoiner(",\n       ");
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
        set.add("row_hash = " + (none() ? "s.row_hash" : dialect.fingerprint(digested())));
        return set.toString();
    }

    /** The values an account holds after the apply, as text in {@link RosterRow#fingerprint}'s order. */
    private List<String> digested() {
        String email = fields.contains(RosterField.STUDENT_EMAIL)
                ? "CASE WHEN a.email_from_staff = TRUE THEN NULL ELSE a.email END" : "s.email";
        String birthDate = "TO_CHAR(" + (fields.contains(RosterField.BIRTH_DATE) ? "a" : "s")
                + ".birth_date, 'YYYY-MM-DD')";
        return List.of("s.first_name", "s.last_name", value(RosterField.MIDDLE_INITIAL), "s.grade", birthDate, email,
                value(RosterField.GUARDIAN_EMAIL), value(RosterField.GENDER), value(RosterField.HOME_ROOM),
                value(RosterField.REFERENCE_ID));
    }

    /** A field's value after the apply: the account's own when the file lacks it, else the row's. */
    private String value(RosterField field) {
        return (fields.contains(field) ? "a." : "s.") + COLUMNS.get(field);
    }

    @Override
    public String toString() {
        return fields.toString();
    }
}
