package org.rostersync.account;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.rostersync.roster.RosterField;
import org.rostersync.roster.RowValidator;

/**
 * A student created by hand: the same rules as a roster row, with messages that name the request's fields. The
 * email can only be given now, so it is checked with the same care as a file's Student Email column.
 */
public record NewStudent(String studentId, String firstName, String lastName, String grade, String email) {

    /** Trimmed values, empty ones as {@code null}, the email in lower case (as imports store it). */
    public NewStudent normalized() {
        String mail = clean(email);
        return new NewStudent(clean(studentId), clean(firstName), clean(lastName), clean(grade),
                mail == null ? null : mail.toLowerCase(Locale.ROOT));
    }

    /** What is wrong, one message per field; empty when the student can be created. Call on {@link #normalized()}. */
    public List<String> problems() {
        return List.copyOf(fieldProblems().values());
    }

    /**
     * What is wrong by field ({@code studentId}, {@code firstName}, {@code lastName}, {@code grade}, {@code email}),
     * in the order of the form; each message starts with the field's name. Call on {@link #normalized()}.
     */
    public Map<String, String> fieldProblems() {
        Map<String, String> problems = new LinkedHashMap<>();
        required("studentId", studentId, RosterField.STUDENT_ID, problems);
        required("firstName", firstName, RosterField.FIRST_NAME, problems);
        required("lastName", lastName, RosterField.LAST_NAME, problems);
        required("grade", grade, RosterField.GRADE, problems);
        if (email != null && !RowValidator.isEmail(email)) {
            problems.put("email", "email '" + email + "' is not a valid email address (like name@school.example); fix it"
                    + " or leave it out. It can only be set now: it cannot be added or changed after creation");
        }
        return problems;
    }

    private static void required(String name, String value, RosterField field, Map<String, String> problems) {
        if (value == null) {
            problems.put(name, name + " is empty; every student needs a " + field.label());
        } else if (value.length() > field.maxLength()) {
            problems.put(name, name + " is " + value.length() + " characters long; the limit is " + field.maxLength());
        } else if (value.chars().anyMatch(Character::isISOControl)) {
            problems.put(name, name + " contains control characters; type it again without them");
        }
    }

    private static String clean(String value) {
        if (value == null) {
            return null;
        }
        String trimmed = value.strip();
        return trimmed.isEmpty() ? null : trimmed;
    }
}
