package org.rostersync.roster;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.ResolverStyle;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks one roster line against the STANDARD file rules and says, per column, what is wrong and how to fix it.
 * Hand-written rather than Bean Validation because every message must name the file's own header and line.
 */
public final class RowValidator {

    /** The characters of an unquoted local part (RFC 5322 "atext"); dots only between them. */
    private static final String ATEXT = "!#$%&'*+/=?^_`{|}~-";
    private static final DateTimeFormatter ISO = DateTimeFormatter.ofPattern("uuuu-MM-dd")
            .withResolverStyle(ResolverStyle.STRICT);
    private static final DateTimeFormatter US = DateTimeFormatter.ofPattern("M/d/uuuu")
            .withResolverStyle(ResolverStyle.STRICT);

    private static final List<RosterField> REQUIRED = List.of(RosterField.STUDENT_ID, RosterField.FIRST_NAME,
            RosterField.LAST_NAME, RosterField.GRADE);

    private RowValidator() {
    }

    /**
     * A spreadsheet's rendering of a long number, such as {@code 1.23457E+15}: a digit, optional decimals, and a
     * positive exponent. No SIS gives such Student IDs.
     */
    static boolean scientific(String value) {
        int e = value.indexOf('E') >= 0 ? value.indexOf('E') : value.indexOf('e');
        if (e < 1 || e + 2 >= value.length() || value.charAt(e + 1) != '+' || value.charAt(0) < '0' || value.charAt(0) > '9') {
            return false;
        }
        String mantissa = value.substring(1, e);
        boolean decimals = mantissa.isEmpty() || (mantissa.charAt(0) == '.' && mantissa.length() > 1
                && mantissa.substring(1).chars().allMatch(c -> c >= '0' && c <= '9'));
        return decimals && value.substring(e + 2).chars().allMatch(c -> c >= '0' && c <= '9');
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
            problems.add(countProblem(line, mapping));
            return new Result(null, problems);
        }
        required(line, mapping, REQUIRED, problems);
        for (RosterField field : RosterField.values()) {
            if (field != RosterField.BIRTH_DATE) {
                tooLong(line, field, mapping, problems);
            }
        }
        scientificId(line, RosterField.STUDENT_ID, mapping, problems);
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

    private static final List<RosterField> STAFF_REQUIRED = List.of(RosterField.STAFF_ID, RosterField.FIRST_NAME,
            RosterField.LAST_NAME, RosterField.EMAIL, RosterField.ROLE);

    /** The outcome for one staff line: a row, or the problems that reject it. */
    public record StaffResult(StaffRow row, List<RowProblem> problems) {

        public boolean valid() {
            return problems.isEmpty();
        }
    }

    /**
     * Checks a line of a staff roster: Staff ID, First Name, Last Name, Email and Role required; Role {@code teacher}
     * or {@code administrator} (any case); the Email a valid address.
     */
    public static StaffResult validateStaff(RosterLine line, HeaderMapping mapping) {
        List<RowProblem> problems = new ArrayList<>();
        long number = line.lineNumber();
        if (line.valueCount() != mapping.columnCount()) {
            problems.add(countProblem(line, mapping));
            return new StaffResult(null, problems);
        }
        required(line, mapping, STAFF_REQUIRED, problems);
        for (RosterField field : RosterField.STAFF_FIELDS) {
            String value = line.value(field);
            // a OneRoster user's School IDs are several values, each checked when routed
            if (value == null || !value.contains(StaffRow.SCHOOL_SEPARATOR)) {
                tooLong(line, field, mapping, problems);
            }
        }
        scientificId(line, RosterField.STAFF_ID, mapping, problems);
        String staffId = line.value(RosterField.STAFF_ID);
        String email = line.value(RosterField.EMAIL);
        if (email != null && email.length() <= RosterField.EMAIL.maxLength() && !isEmail(email)) {
            String header = mapping.headerOf(RosterField.EMAIL);
            problems.add(new RowProblem(number, header, header + " '" + email + "' is not a valid email address;"
                    + " give the address the staff member signs in with"));
        }
        String role = staffRole(line.value(RosterField.ROLE));
        if (line.value(RosterField.ROLE) != null && role == null) {
            String header = mapping.headerOf(RosterField.ROLE);
            problems.add(new RowProblem(number, header, header + " '" + line.value(RosterField.ROLE)
                    + "' is not a staff role; write teacher or administrator"));
        }
        if (!problems.isEmpty()) {
            return new StaffResult(null, problems);
        }
        String schools = line.value(RosterField.SCHOOL_ID);
        List<String> references = schools == null ? List.of()
                : List.of(schools.split(StaffRow.SCHOOL_SEPARATOR));
        return new StaffResult(new StaffRow(number, references, staffId, line.value(RosterField.FIRST_NAME),
                line.value(RosterField.LAST_NAME), lower(email), role), List.of());
    }

    /** The problem of a row whose value count is not the header's column count, with the likely fix. */
    private static RowProblem countProblem(RosterLine line, HeaderMapping mapping) {
        String fix = line.valueCount() > mapping.columnCount()
                ? "put quotes around values that contain commas"
                : "give every column a value, an empty one between commas where there is nothing to say";
        return new RowProblem(line.lineNumber(), null, "the row has " + line.valueCount() + " values but the header"
                + " has " + mapping.columnCount() + " columns; " + fix);
    }

    /** A problem for each of {@code fields} the line leaves empty. */
    private static void required(RosterLine line, HeaderMapping mapping, List<RosterField> fields,
            List<RowProblem> problems) {
        for (RosterField field : fields) {
            if (line.value(field) == null) {
                problems.add(new RowProblem(line.lineNumber(), mapping.headerOf(field), mapping.headerOf(field)
                        + " is empty; every row needs a" + (field == RosterField.EMAIL ? "n " : " ") + field.label()));
            }
        }
    }

    /** A problem if the line's value of {@code field} is longer than the field allows. */
    private static void tooLong(RosterLine line, RosterField field, HeaderMapping mapping, List<RowProblem> problems) {
        String value = line.value(field);
        if (value != null && value.length() > field.maxLength()) {
            problems.add(new RowProblem(line.lineNumber(), mapping.headerOf(field), mapping.headerOf(field) + " is "
                    + value.length() + " characters long; the limit is " + field.maxLength()));
        }
    }

    /** A problem if the ID in {@code idField} is a spreadsheet's scientific notation: the real ID is lost. */
    private static void scientificId(RosterLine line, RosterField idField, HeaderMapping mapping,
            List<RowProblem> problems) {
        String id = line.value(idField);
        if (id != null && scientific(id)) {
            String header = mapping.headerOf(idField);
            problems.add(new RowProblem(line.lineNumber(), header, header + " '" + id + "' is a number a spreadsheet"
                    + " program rewrote in scientific notation, and the real " + idField.label() + " is lost; export"
                    + " the file from the SIS again (in a spreadsheet, format the column as text before saving)"));
        }
    }

    /** {@code teacher} → TEACHER, {@code administrator} → SCHOOL_ADMIN (any case); {@code null} for anything else. */
    private static String staffRole(String value) {
        if (value == null) {
            return null;
        }
        return switch (value.strip().toLowerCase(java.util.Locale.ROOT)) {
            case "teacher" -> StaffRow.TEACHER;
            case "administrator" -> StaffRow.SCHOOL_ADMIN;
            default -> null;
        };
    }

    /** Whether a text is an email address this product accepts (the same rule for files and hand-made accounts). */
    public static boolean isEmail(String value) {
        return value != null && value.length() <= RosterField.STUDENT_EMAIL.maxLength() && emailShape(value);
    }

    /**
     * A local part of dot-separated runs of letters, digits and {@link #ATEXT}, one {@code @}, then one or more
     * labels each followed by a dot (letters, digits and inner hyphens), and a top-level domain of 2–63 letters.
     * Checked in one pass: a regular expression for it was a tenth of the load step's time.
     */
    private static boolean emailShape(String value) {
        int at = value.indexOf('@');
        if (at <= 0 || !dotAtom(value, 0, at)) {
            return false;
        }
        int lastDot = value.lastIndexOf('.');
        if (lastDot <= at + 1) {
            return false;
        }
        int labelStart = at + 1;
        for (int i = at + 1; i < lastDot; i++) {
            char c = value.charAt(i);
            if (c == '.') {
                if (!label(value, labelStart, i)) {
                    return false;
                }
                labelStart = i + 1;
            }
        }
        if (!label(value, labelStart, lastDot)) {
            return false;
        }
        int tld = value.length() - lastDot - 1;
        if (tld < 2 || tld > 63) {
            return false;
        }
        for (int i = lastDot + 1; i < value.length(); i++) {
            if (!asciiLetter(value.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static boolean dotAtom(String value, int from, int to) {
        boolean afterDot = true;
        for (int i = from; i < to; i++) {
            char c = value.charAt(i);
            if (c == '.') {
                if (afterDot) {
                    return false;
                }
                afterDot = true;
            } else if (asciiLetter(c) || asciiDigit(c) || ATEXT.indexOf(c) >= 0) {
                afterDot = false;
            } else {
                return false;
            }
        }
        return !afterDot;
    }

    private static boolean label(String value, int from, int to) {
        if (to <= from || value.charAt(from) == '-' || value.charAt(to - 1) == '-') {
            return false;
        }
        for (int i = from; i < to; i++) {
            char c = value.charAt(i);
            if (!(asciiLetter(c) || asciiDigit(c) || c == '-')) {
                return false;
            }
        }
        return true;
    }

    private static boolean asciiLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    private static boolean asciiDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static LocalDate birthDate(RosterLine line, HeaderMapping mapping, List<RowProblem> problems) {
        String value = line.value(RosterField.BIRTH_DATE);
        if (value == null) {
            return null;
        }
        LocalDate date = date(value);
        if (date != null) {
            return date;
        }
        String header = mapping.headerOf(RosterField.BIRTH_DATE);
        problems.add(new RowProblem(line.lineNumber(), header, header + " '" + value
                + "' is not a date; write it as YYYY-MM-DD or MM/DD/YYYY"));
        return null;
    }

    /**
     * A date written as YYYY-MM-DD or M/D/YYYY (a real day of a real month), or {@code null}. The usual shapes
     * ({@code 2011-12-04}, {@code 12/4/2011}, {@code 04/12/2011}) are read digit by digit; anything else goes to
     * the strict formatters, which define the rule.
     */
    static LocalDate date(String value) {
        try {
            int length = value.length();
            if (length == 10 && value.charAt(4) == '-' && value.charAt(7) == '-') {
                int year = digits(value, 0, 4);
                int month = digits(value, 5, 7);
                int day = digits(value, 8, 10);
                if (year >= 0 && month >= 0 && day >= 0) {
                    return LocalDate.of(year, month, day);
                }
            }
            int slash = value.indexOf('/');
            int secondSlash = slash < 0 ? -1 : value.indexOf('/', slash + 1);
            if (secondSlash == length - 5 && slash >= 1 && slash <= 2 && secondSlash - slash >= 2
                    && secondSlash - slash <= 3) {
                int month = digits(value, 0, slash);
                int day = digits(value, slash + 1, secondSlash);
                int year = digits(value, secondSlash + 1, length);
                if (year >= 0 && month >= 0 && day >= 0) {
                    return LocalDate.of(year, month, day);
                }
            }
            // one attempt in the form the value is written in: a failed parse throws, and that is slow per row
            return LocalDate.parse(value, slash >= 0 ? US : ISO);
        } catch (DateTimeException e) {
            return null;
        }
    }

    /** The number written in {@code value[from, to)} with ASCII digits only, or -1. */
    private static int digits(String value, int from, int to) {
        int number = 0;
        for (int i = from; i < to; i++) {
            char c = value.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            number = number * 10 + (c - '0');
        }
        return number;
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
