package org.rostersync.staff;

import java.nio.charset.StandardCharsets;

import org.springframework.web.util.UriComponentsBuilder;
import org.springframework.web.util.UriUtils;

/**
 * The addresses of the student pages and the names of their reset forms' one-time tokens: the account module's pages
 * link to them and issue the tokens, the credentials module's reset pages redeem them and link back.
 */
public final class StudentPaths {

    private StudentPaths() {
    }

    /** The Students page with its filters, as the bulk form carries them back. */
    public static String students(String schoolId, String status, String grade) {
        UriComponentsBuilder path = UriComponentsBuilder.fromPath("/schools/{school}/students");
        if (status != null && !status.isBlank()) {
            path.queryParam("status", status);
        }
        if (grade != null && !grade.isBlank()) {
            path.queryParam("grade", grade);
        }
        return path.encode().buildAndExpand(schoolId).toUriString();
    }

    /**
     * The address of a student's profile, encoded. A Student ID is the SIS's and may hold anything: "new" is the Add
     * student page, a slash splits the path, ".." is removed by browsers, and an encoded slash, backslash, percent sign
     * or semicolon is refused by the firewall. Such an ID goes in the query instead.
     */
    public static String profile(String schoolId, String studentId) {
        return studentPath(schoolId, studentId, "");
    }

    /** The address the profile's Reset Password form posts to, encoded like {@link #profile}. */
    public static String passwordReset(String schoolId, String studentId) {
        return studentPath(schoolId, studentId, "/password-reset");
    }

    /**
     * The API address of a student ({@code /api/schools/{schoolId}/students/{studentId}}): the Student ID as one
     * segment with every character outside the unreserved ones percent-encoded, and the dots of a {@code .} or
     * {@code ..} ID too, so that no client or server takes it for a dot segment.
     */
    public static String api(String schoolId, String studentId) {
        return "/api/schools/" + UriUtils.encode(schoolId, StandardCharsets.UTF_8) + "/students/"
                + segment(studentId);
    }

    private static String segment(String value) {
        String encoded = UriUtils.encode(value, StandardCharsets.UTF_8);
        return encoded.equals(".") || encoded.equals("..") ? encoded.replace(".", "%2E") : encoded;
    }

    /** The {@link FormTokens} form of a school's bulk reset (the Students page). */
    public static String bulkResetForm(String schoolId) {
        return "reset:" + schoolId;
    }

    /** The {@link FormTokens} form of one student's reset (the profile). */
    public static String resetForm(String schoolId, String studentId) {
        return "reset:" + schoolId + "/" + studentId;
    }

    private static String studentPath(String schoolId, String studentId, String action) {
        String school = UriUtils.encodePathSegment(schoolId, StandardCharsets.UTF_8);
        if (isPathSegment(studentId)) {
            return "/schools/" + school + "/students/" + UriUtils.encodePathSegment(studentId, StandardCharsets.UTF_8)
                    + action;
        }
        return "/schools/" + school + "/student" + action + "?id="
                + UriUtils.encodeQueryParam(studentId, StandardCharsets.UTF_8);
    }

    private static boolean isPathSegment(String studentId) {
        return !studentId.isEmpty() && !studentId.equals("new") && !studentId.equals(".") && !studentId.equals("..")
                && studentId.chars().noneMatch(c -> c == '/' || c == '\\' || c == '%' || c == ';' || c < 0x20);
    }
}
