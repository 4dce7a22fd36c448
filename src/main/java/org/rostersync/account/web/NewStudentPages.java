package org.rostersync.account.web;

import java.util.LinkedHashMap;
import java.util.Map;

import org.rostersync.account.InvalidStudentException;
import org.rostersync.account.ManualAccounts;
import org.rostersync.account.NewStudent;
import org.rostersync.account.StudentAccount;
import org.rostersync.account.StudentIdTakenException;
import org.rostersync.school.School;
import org.rostersync.staff.AccessPolicy;
import org.rostersync.staff.StaffMember;
import org.rostersync.staff.StaffPage;
import org.rostersync.staff.StudentPaths;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** Adding a student by hand: the form, and its answer with each problem next to its field. */
@Controller
@StaffPage
class NewStudentPages {

    /** The Add student form's labels, for its messages. */
    private static final Map<String, String> FIELD_LABELS = Map.of("studentId", "Student ID", "firstName",
            "First name", "lastName", "Last name", "grade", "Grade", "email", "Student email");

    private final ManualAccounts manualAccounts;
    private final AccessPolicy access;

    NewStudentPages(ManualAccounts manualAccounts, AccessPolicy access) {
        this.manualAccounts = manualAccounts;
        this.access = access;
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
            return "redirect:" + StudentPaths.profile(schoolId, created.studentId());
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

    private School school(StaffMember staff, String schoolId) {
        return access.requireSchool(staff, schoolId, "see the students of school '" + schoolId + "'");
    }
}
