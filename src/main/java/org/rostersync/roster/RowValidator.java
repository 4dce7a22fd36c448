package org.rostersync.roster;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.ResolverStyle;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Checks one roster line against the STANDARD file rules and says, per column, what is wrong and how to fix it.
 * Hand-written rather than Bean Validation because every message must name the file's own header and line.
 */
public final class RowValidator {

    /** Local part, one {@code @}, a dotted domain whose labels don't start or end with a hyphen. */
    private static final Pattern EMAIL = Pattern.compile(
            "[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*"
                    + "@([A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?\\.)+[A-Za-z]{2,63}");
    private static final DateTimeFormatter ISO = DateTimeFormatter.ofPattern("uuuu-MM-dd")
            .withResolverStyle(ResolverStyle.STRICT);
    private static final DateTimeFormatter US = DateTimeFormatter.ofPattern("M/d/uuuu")
            .withResolverStyle(ResolverStyle.STRICT);

    private static final List<RosterField> REQUIRED = List.of(RosterField.STUDENT_ID, RosterField.FIRST_NAME,
            RosterField.LAST_NAME, RosterField.GRADE);

    private RowValidator() {
    }

    /** The outcome for one line: a row, or the problems that reject it. */
    public record Result(RosterRow row, List<RowProblem> problems) {

        public boolean valid() {
            return problems.isEmpty();
        }
    }

    public static Result validate(RosterLine line, HeaderMapping mapping) {
        List<RowProblem> problems = new ArrayList<>();
        long number = line.lineNumber();
        if (line.valueCount() != mapping.columnCount()) {
            problems.add(new RowProblem(number, null, "the row has " + line.valueCount() + " values but the header"
                    + " has " + mapping.columnCount() + " columns; put quotes around values that contain commas"));
            return new Result(null, problems);
        }
        for (RosterField field : REQUIRED) {
            if (line.value(field) == null) {
                problems.add(new RowProblem(number, mapping.headerOf(field), mapping.headerOf(field)
                        + " is empty; every row needs a " + field.label()));
            }
        }
        for (RosterField field : RosterField.values()) {
            String value = line.value(field);
            if (value != null && value.length() > field.maxLength() && field != RosterField.BIRTH_DATE) {
                problems.add(new RowProblem(number, mapping.headerOf(field), mapping.headerOf(field) + " is "
                        + value.length() + " characters long; the limit is " + field.maxLength()));
            }
        }
        LocalDate birthDate = birthDate(line, mapping, problems);
        email(line, RosterField.STUDENT_EMAIL, mapping, problems);
        email(line, RosterField.GUARDIAN_EMAIL, mapping, problems);
        if (!problems.isEmpty()) {
            return new Result(null, problems);
        }
        return new Result(new RosterRow(number, line.value(RosterField.SCHOOL_ID), line.value(RosterField.STUDENT_ID),
                line.value(RosterField.FIRST_NAME), line.value(RosterField.LAST_NAME),
                line.value(RosterField.MIDDLE_INITIAL), line.value(RosterField.GRADE), birthDate,
                lower(line.value(RosterField.STUDENT_EMAIL)), lower(line.value(RosterField.GUARDIAN_EMAIL)),
                line.value(RosterField.GENDER), line.value(RosterField.HOME_ROOM),
                line.value(RosterField.REFERENCE_ID)), List.of());
    }

    /** Whether a text is an email address this product accepts (the same rule for files and hand-made accounts). */
    public static boolean isEmail(String value) {
        return value != null && value.length() <= RosterField.STUDENT_EMAIL.maxLength()
                && EMAIL.matcher(value).matches();
    }

    private static LocalDate birthDate(RosterLine line, HeaderMapping mapping, List<RowProblem> problems) {
        String value = line.value(RosterField.BIRTH_DATE);
        if (value == null) {
            return null;
        }
        try {
            // one attempt in the form the value is written in: a failed parse throws, and that is slow per row
            return LocalDate.parse(value, value.indexOf('/') >= 0 ? US : ISO);
        } catch (DateTimeException e) {
            // reported below
        }
        String header = mapping.headerOf(RosterField.BIRTH_DATE);
        problems.add(new RowProblem(line.lineNumber(), header, header + " '" + value
                + "' is not a date; write it as YYYY-MM-DD or MM/DD/YYYY"));
        return null;
    }

    private static void email(RosterLine line, RosterField field, HeaderMapping mapping, List<RowProblem> problems) {
        String value = line.value(field);
        if (value != null && value.length() <= field.maxLength() && !isEmail(value)) {
            String header = mapping.headerOf(field);
            problems.add(new RowProblem(line.lineNumber(), header, header + " '" + value
                    + "' is not a valid email address; fix it or leave the cell empty"));
        }
    }

    private static String lower(String email) {
        return email == null ? null : email.toLowerCase(java.util.Locale.ROOT);
    }
}
