package org.rostersync.admin;

import java.util.Comparator;
import java.util.List;
import java.util.Objects;

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

import jakarta.servlet.http.HttpServletResponse;

/**
 * Teachers' pages: a school's students as tiles to select for a bulk password reset (the PDF of slips), a student's
 * profile with the Accounts tab and the single reset, and adding a student by hand.
 */
@Controller
class StudentPages {

    /** The tiles page shows a school's students up to this many; filters narrow it down. */
    static final int MAX_TILES = 5000;

    private final StudentAccounts accounts;
    private final AccountEvents events;
    private final ManualAccounts manualAccounts;
    private final PasswordResets resets;
    private final CredentialSheet sheet;
    private final SchoolDirectory directory;
    private final AccessPolicy access;

    StudentPages(StudentAccounts accounts, AccountEvents events, ManualAccounts manualAccounts, PasswordResets resets,
            CredentialSheet sheet, SchoolDirectory directory, AccessPolicy access) {
        this.accounts = accounts;
        this.events = events;
        this.manualAccounts = manualAccounts;
        this.resets = resets;
        this.sheet = sheet;
        this.directory = directory;
        this.access = access;
    }

    @GetMapping("/schools/{schoolId}/students")
    String students(@AuthenticationPrincipal StaffMember staff, @PathVariable String schoolId,
            @RequestParam(required = false) AccountStatus status, @RequestParam(required = false) String grade,
            Model model) {
        School school = school(staff, schoolId);
        String wanted = grade == null || grade.isBlank() ? null : grade;
        // filtered in the database: a school with more accounts than the page shows keeps every student reachable
        List<String> grades = accounts.gradesInSchool(schoolId, status).stream()
                .sorted(Comparator.comparingInt(StudentPages::gradeOrder).thenComparing(Comparator.naturalOrder())).toList();
        model.addAttribute("school", school);
        model.addAttribute("students", accounts.inSchool(schoolId, status, wanted, 0, MAX_TILES));
        model.addAttribute("total", accounts.countInSchool(schoolId, status, wanted));
        model.addAttribute("grades", grades);
        model.addAttribute("statuses", AccountStatus.values());
        model.addAttribute("status", status);
        model.addAttribute("grade", wanted);
        return "students";
    }

    /** The bulk reset: the PDF of slips in the chosen layout, downloaded; or back to the tiles with the reason. */
    @PostMapping("/schools/{schoolId}/password-resets")
    Object resetAll(@AuthenticationPrincipal StaffMember staff, @PathVariable String schoolId,
            @RequestParam(name = "studentIds", required = false) List<String> studentIds,
            @RequestParam(defaultValue = "PAPER_SAVER") SlipLayout layout,
            RedirectAttributes flash) {
        school(staff, schoolId);
        try {
            List<IssuedCredential> issued = resets.resetAll(schoolId, studentIds == null ? List.of() : studentIds,
                    staff.getUsername());
            return pdf(sheet.render(issued, layout), "passwords-" + schoolId);
        } catch (PasswordResetRefusedException e) {
            flash.addFlashAttribute("problem", e.getMessage());
            return "redirect:/schools/" + schoolId + "/students";
        }
    }

    @GetMapping("/schools/{schoolId}/students/{studentId}")
    String profile(@AuthenticationPrincipal StaffMember staff, @PathVariable String schoolId,
            @PathVariable String studentId, @RequestParam(defaultValue = "accounts") String tab, Model model) {
        School school = school(staff, schoolId);
        StudentAccount student = student(schoolId, studentId);
        model.addAttribute("school", school);
        model.addAttribute("student", student);
        model.addAttribute("events", events.forAccount(student.id()));
        model.addAttribute("tab", "profile".equals(tab) ? "profile" : "accounts");
        model.addAttribute("canReset", student.status() == AccountStatus.ACTIVE);
        return "student";
    }

    /** The single reset of an ACTIVE account: the new password is shown once, on this answer only, never cached. */
    @PostMapping("/schools/{schoolId}/students/{studentId}/password-reset")
    String resetOne(@AuthenticationPrincipal StaffMember staff, @PathVariable String schoolId,
            @PathVariable String studentId, Model model, HttpServletResponse response,
            RedirectAttributes flash) {
        School school = school(staff, schoolId);
        try {
            IssuedCredential issued = resets.resetOne(schoolId, studentId, staff.getUsername());
            response.setHeader(HttpHeaders.CACHE_CONTROL, CacheControl.noStore().getHeaderValue());
            model.addAttribute("school", school);
            model.addAttribute("credential", issued);
            return "password-issued";
        } catch (PasswordResetRefusedException e) {
            flash.addFlashAttribute("problem", e.getMessage());
            return "redirect:/schools/" + schoolId + "/students/" + studentId;
        }
    }

    @GetMapping("/schools/{schoolId}/students/new")
    String newStudent(@AuthenticationPrincipal StaffMember staff, @PathVariable String schoolId, Model model) {
        model.addAttribute("school", school(staff, schoolId));
        model.addAttribute("student", new NewStudent(null, null, null, null, null));
        return "student-new";
    }

    @PostMapping("/schools/{schoolId}/students/new")
    String create(@AuthenticationPrincipal StaffMember staff, @PathVariable String schoolId,
            @ModelAttribute("student") NewStudent student, Model model,
            RedirectAttributes flash) {
        School school = school(staff, schoolId);
        try {
            StudentAccount created = manualAccounts.create(school.districtId(), schoolId, student,
                    staff.getUsername());
            flash.addFlashAttribute("notice", "Created " + created.firstName() + " " + created.lastName()
                    + " with username " + created.username() + ". Activate the account with Reset Passwords on the"
                    + " Students page.");
            return "redirect:/schools/" + schoolId + "/students/" + created.studentId();
        } catch (InvalidStudentException | StudentIdTakenException e) {
            model.addAttribute("school", school);
            model.addAttribute("problem", e.getMessage());
            return "student-new";
        }
    }

    private School school(StaffMember staff, String schoolId) {
        access.requireSchool(staff, schoolId, "see the students of school '" + schoolId + "'");
        return directory.school(schoolId).orElseThrow(() -> ApiException.notFound("school '" + schoolId + "'"));
    }

    private StudentAccount student(String schoolId, String studentId) {
        return accounts.inSchool(schoolId, List.of(studentId)).stream().filter(Objects::nonNull).findFirst()
                .orElseThrow(() -> ApiException.notFound("student '" + studentId + "' in school '" + schoolId + "'"));
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
