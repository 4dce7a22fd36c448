package org.rostersync.admin;

import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

import org.rostersync.account.AccountEvents;
import org.rostersync.account.AccountStatus;
import org.rostersync.account.InvalidStudentException;
import org.rostersync.account.ManualAccounts;
import org.rostersync.account.NewStudent;
import org.rostersync.account.StudentAccount;
import org.rostersync.account.StudentAccounts;
import org.rostersync.account.StudentIdTakenException;
import org.rostersync.credentials.CredentialSheet;
import org.rostersync.credentials.IssuedCredential;
import org.rostersync.credentials.PasswordResetRefusedException;
import org.rostersync.credentials.PasswordResets;
import org.rostersync.credentials.SlipLayout;
import org.rostersync.school.School;
import org.rostersync.school.SchoolDirectory;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseCookie;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.springframework.web.util.UriComponentsBuilder;
import org.springframework.web.util.UriUtils;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

/**
 * Teachers' pages: a school's students as tiles to select for a bulk password reset (the PDF of slips), a student's
 * profile with the Accounts tab and the single reset, and adding a student by hand.
 */
@Controller
class StudentPages {

    /** Set on a bulk reset's PDF, to the form token it redeemed. */
    static final String DOWNLOADED = "rostersync-reset";

    static final String SENT_TWICE = "This page had already sent its reset (the button pressed twice?), or it was out of"
            + " date, so nothing was changed by this click. Any password issued by the first click is the one that"
            + " works; to print one you can see, reset again.";

    /** The tiles page shows a school's students up to this many; filters narrow it down. */
    static final int MAX_TILES = 5000;

    private final StudentAccounts accounts;
    private final AccountEvents events;
    private final ManualAccounts manualAccounts;
    private final PasswordResets resets;
    private final CredentialSheet sheet;
    private final SchoolDirectory directory;
    private final AccessPolicy access;
    private final PasswordResetController api;

    StudentPages(StudentAccounts accounts, AccountEvents events, ManualAccounts manualAccounts, PasswordResets resets,
            CredentialSheet sheet, SchoolDirectory directory, AccessPolicy access, PasswordResetController api) {
        this.accounts = accounts;
        this.events = events;
        this.manualAccounts = manualAccounts;
        this.resets = resets;
        this.sheet = sheet;
        this.directory = directory;
        this.access = access;
        this.api = api;
    }

    @GetMapping("/schools/{schoolId}/students")
    String students(@AuthenticationPrincipal StaffMember staff, @PathVariable String schoolId,
            @RequestParam(required = false) AccountStatus status, @RequestParam(required = false) String grade,
            Model model, HttpSession session) {
        School school = school(staff, schoolId);
        String wanted = grade == null || grade.isBlank() ? null : grade;
        // filtered in the database: a school with more accounts than the page shows keeps every student reachable
        List<String> grades = accounts.gradesInSchool(schoolId, status).stream()
                .sorted(Comparator.comparingInt(StudentPages::gradeOrder).thenComparing(Comparator.naturalOrder())).toList();
        if (wanted != null && !grades.contains(wanted)) {
            // the grade filters the tiles even when no student of this status has it: the drop-down must say so
            grades = java.util.stream.Stream.concat(grades.stream(), java.util.stream.Stream.of(wanted)).toList();
        }
        model.addAttribute("school", school);
        model.addAttribute("students", accounts.inSchool(schoolId, status, wanted, 0, MAX_TILES));
        model.addAttribute("total", accounts.countInSchool(schoolId, status, wanted));
        model.addAttribute("grades", grades);
        model.addAttribute("statuses", AccountStatus.values());
        model.addAttribute("status", status);
        model.addAttribute("grade", wanted);
        model.addAttribute("resetToken", FormTokens.issue(session, "reset:" + schoolId));
        return "students";
    }

    /**
     * The bulk reset: the PDF of slips in the chosen layout, downloaded; or back to the tiles, filtered as they were,
     * with the reason and the selection kept but for the students the reset refused.
     */
    @PostMapping("/schools/{schoolId}/password-resets")
    Object resetAll(@AuthenticationPrincipal StaffMember staff, @PathVariable String schoolId,
            @RequestParam(defaultValue = "PAPER_SAVER") SlipLayout layout, @RequestParam(required = false) String token,
            @RequestParam(required = false) String status, @RequestParam(required = false) String grade,
            HttpServletRequest request, HttpSession session, RedirectAttributes flash) {
        school(staff, schoolId);
        String back = studentsPath(schoolId, status, grade);
        if (!FormTokens.redeem(session, "reset:" + schoolId, token)) {
            flash.addFlashAttribute("problem", SENT_TWICE);
            return "redirect:" + back;
        }
        // the values as sent: bound to a list, a single Student ID with a comma would be split in two
        String[] studentIds = request.getParameterValues("studentIds");
        List<String> selected = studentIds == null ? List.of() : List.of(studentIds);
        try {
            // the PDF is made before the passwords are stored: if it cannot be, none changes
            ResponseEntity<byte[]> pdf = resets.resetAll(schoolId, selected, staff.getUsername(),
                    issued -> pdf(sheet.render(issued, layout), api.slipsName(schoolId)));
            // the page stays while the PDF downloads; this cookie tells it to load again, with the new statuses
            return ResponseEntity.status(pdf.getStatusCode()).headers(pdf.getHeaders())
                    .header(HttpHeaders.SET_COOKIE, ResponseCookie.from(DOWNLOADED, token).path("/")
                            .sameSite("Strict").maxAge(60).build().toString())
                    .body(pdf.getBody());
        } catch (PasswordResetRefusedException e) {
            flash.addFlashAttribute("problem", e.getMessage());
            // "remove them from the selection and try again": the rest of the selection is still there to send
            flash.addFlashAttribute("selected", selected.stream().map(String::strip)
                    .filter(id -> !e.studentIds().contains(id)).collect(Collectors.toSet()));
            return "redirect:" + back;
        }
    }

    /** The Students page with its filters, as the bulk form carries them back. */
    private static String studentsPath(String schoolId, String status, String grade) {
        UriComponentsBuilder path = UriComponentsBuilder.fromPath("/schools/{school}/students");
        if (status != null && !status.isBlank()) {
            path.queryParam("status", status);
        }
        if (grade != null && !grade.isBlank()) {
            path.queryParam("grade", grade);
        }
        return path.encode().buildAndExpand(schoolId).toUriString();
    }

    @GetMapping("/schools/{schoolId}/students/{studentId}")
    String profile(@AuthenticationPrincipal StaffMember staff, @PathVariable String schoolId,
            @PathVariable String studentId, @RequestParam(defaultValue = "accounts") String tab, Model model,
            HttpSession session) {
        return profilePage(staff, schoolId, studentId, tab, model, session);
    }

    /** The same profile for a Student ID that cannot be a segment of the address (see {@link #profilePath}). */
    @GetMapping("/schools/{schoolId}/student")
    String profileById(@AuthenticationPrincipal StaffMember staff, @PathVariable String schoolId,
            @RequestParam("id") String studentId, @RequestParam(defaultValue = "accounts") String tab, Model model,
            HttpSession session) {
        return profilePage(staff, schoolId, studentId, tab, model, session);
    }

    private String profilePage(StaffMember staff, String schoolId, String studentId, String tab, Model model,
            HttpSession session) {
        School school = school(staff, schoolId);
        StudentAccount student = student(schoolId, studentId);
        model.addAttribute("school", school);
        model.addAttribute("student", student);
        model.addAttribute("events", events.forAccount(student.id()));
        model.addAttribute("tab", "profile".equals(tab) ? "profile" : "accounts");
        model.addAttribute("canReset", student.status() == AccountStatus.ACTIVE);
        model.addAttribute("resetToken", FormTokens.issue(session, "reset:" + schoolId + "/" + studentId));
        return "student";
    }

    /** The single reset of an ACTIVE account: the new password is shown once, on this answer only, never cached. */
    @PostMapping("/schools/{schoolId}/students/{studentId}/password-reset")
    String resetOne(@AuthenticationPrincipal StaffMember staff, @PathVariable String schoolId,
            @PathVariable String studentId, @RequestParam(required = false) String token, Model model,
            HttpServletResponse response, HttpSession session, RedirectAttributes flash) {
        return resetOnePage(staff, schoolId, studentId, token, model, response, session, flash);
    }

    /** The same reset for a Student ID that cannot be a segment of the address (see {@link #profilePath}). */
    @PostMapping("/schools/{schoolId}/student/password-reset")
    String resetOneById(@AuthenticationPrincipal StaffMember staff, @PathVariable String schoolId,
            @RequestParam("id") String studentId, @RequestParam(required = false) String token, Model model,
            HttpServletResponse response, HttpSession session, RedirectAttributes flash) {
        return resetOnePage(staff, schoolId, studentId, token, model, response, session, flash);
    }

    private String resetOnePage(StaffMember staff, String schoolId, String studentId, String token, Model model,
            HttpServletResponse response, HttpSession session, RedirectAttributes flash) {
        School school = school(staff, schoolId);
        if (!FormTokens.redeem(session, "reset:" + schoolId + "/" + studentId, token)) {
            flash.addFlashAttribute("problem", SENT_TWICE);
            return "redirect:" + profilePath(schoolId, studentId);
        }
        try {
            IssuedCredential issued = resets.resetOne(schoolId, studentId, staff.getUsername());
            response.setHeader(HttpHeaders.CACHE_CONTROL, CacheControl.noStore().getHeaderValue());
            model.addAttribute("school", school);
            model.addAttribute("credential", issued);
            model.addAttribute("loginUrl", sheet.loginUrl());
            model.addAttribute("instructions", CredentialSheet.INSTRUCTIONS);
            return "password-issued";
        } catch (PasswordResetRefusedException e) {
            flash.addFlashAttribute("problem", e.getMessage());
            return "redirect:" + profilePath(schoolId, studentId);
        }
    }

    @GetMapping("/schools/{schoolId}/students/new")
    String newStudent(@AuthenticationPrincipal StaffMember staff, @PathVariable String schoolId, Model model) {
        model.addAttribute("school", school(staff, schoolId));
        model.addAttribute("student", new NewStudent(null, null, null, null, null));
        model.addAttribute("errors", Map.of());
        return "student-new";
    }

    @PostMapping("/schools/{schoolId}/students/new")
    String create(@AuthenticationPrincipal StaffMember staff, @PathVariable String schoolId,
            @ModelAttribute("student") NewStudent student, Model model,
            RedirectAttributes flash) {
        School school = school(staff, schoolId);
        Map<String, String> errors = new LinkedHashMap<>();
        try {
            StudentAccount created = manualAccounts.create(school.districtId(), schoolId, student,
                    staff.getUsername());
            flash.addFlashAttribute("notice", "Created " + created.firstName() + " " + created.lastName()
                    + " with username " + created.username() + ". Activate the account with Reset Passwords on the"
                    + " Students page.");
            return "redirect:" + profilePath(schoolId, created.studentId());
        } catch (InvalidStudentException e) {
            // each message next to its field, named as the form names it ("Student ID", not "studentId")
            e.byField().forEach((field, problem) -> errors.put(field, FIELD_LABELS.getOrDefault(field, field)
                    + problem.substring(problem.startsWith(field) ? field.length() : 0)));
        } catch (StudentIdTakenException e) {
            // the account may be at another school of the district, which this teacher cannot see
            errors.put("studentId", "Student ID '" + student.normalized().studentId() + "' already has an account"
                    + " in this district, at this school or another one; Student IDs are unique in a district."
                    + " Check the ID in the SIS, or find the student on the Students page");
        }
        model.addAttribute("school", school);
        model.addAttribute("errors", errors);
        model.addAttribute("firstError", errors.keySet().iterator().next());
        model.addAttribute("problem", "Nothing was created: fix what is marked below and add the student again.");
        return "student-new";
    }

    /** The Add student form's labels, for its messages. */
    private static final Map<String, String> FIELD_LABELS = Map.of("studentId", "Student ID", "firstName",
            "First name", "lastName", "Last name", "grade", "Grade", "email", "Student email");

    private School school(StaffMember staff, String schoolId) {
        access.requireSchool(staff, schoolId, "see the students of school '" + schoolId + "'");
        return directory.school(schoolId).orElseThrow(() -> ApiException.notFound("school '" + schoolId + "'"));
    }

    private StudentAccount student(String schoolId, String studentId) {
        return accounts.inSchool(schoolId, List.of(studentId)).stream().filter(Objects::nonNull).findFirst()
                .orElseThrow(() -> ApiException.notFound("student '" + studentId + "' in school '" + schoolId + "'"));
    }

    /**
     * The address of a student's profile, encoded. A Student ID is the SIS's and may hold anything: "new" is the Add
     * student page, a slash splits the path, ".." is removed by browsers, and an encoded slash, backslash, percent sign
     * or semicolon is refused by the firewall. Such an ID goes in the query instead.
     */
    static String profilePath(String schoolId, String studentId) {
        return studentPath(schoolId, studentId, "");
    }

    /** The address the profile's Reset Password form posts to, encoded like {@link #profilePath}. */
    static String passwordResetPath(String schoolId, String studentId) {
        return studentPath(schoolId, studentId, "/password-reset");
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

    /** Pre-K, kindergarten, 1–12, then anything else. */
    private static int gradeOrder(String grade) {
        return switch (grade.toUpperCase(java.util.Locale.ROOT)) {
            case "PK" -> -2;
            case "K", "KG" -> -1;
            default -> grade.chars().allMatch(Character::isDigit) && grade.length() < 4 ? Integer.parseInt(grade) : 100;
        };
    }

    private static ResponseEntity<byte[]> pdf(byte[] pdf, String name) {
        return PasswordResetController.pdf(pdf, name);
    }
}
