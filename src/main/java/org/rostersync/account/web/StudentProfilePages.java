package org.rostersync.account.web;

import java.util.List;

import org.rostersync.account.AccountEvents;
import org.rostersync.account.AccountStatus;
import org.rostersync.account.StudentAccount;
import org.rostersync.account.StudentAccounts;
import org.rostersync.school.School;
import org.rostersync.staff.AccessPolicy;
import org.rostersync.staff.ApiException;
import org.rostersync.staff.FormTokens;
import org.rostersync.staff.StaffMember;
import org.rostersync.staff.StaffPage;
import org.rostersync.staff.StudentPaths;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;

import jakarta.servlet.http.HttpSession;

/** A student's profile: the Accounts tab with the audit trail, the Profile tab, and the form of the single reset. */
@Controller
@StaffPage
class StudentProfilePages {

    private final StudentAccounts accounts;
    private final AccountEvents events;
    private final AccessPolicy access;

    StudentProfilePages(StudentAccounts accounts, AccountEvents events,
            AccessPolicy access) {
        this.accounts = accounts;
        this.events = events;
        this.access = access;
    }

    @GetMapping("/schools/{schoolId}/students/{studentId}")
    String profile(@AuthenticationPrincipal StaffMember staff, @PathVariable String schoolId,
            @PathVariable String studentId, @RequestParam(defaultValue = "accounts") String tab, Model model,
            HttpSession session) {
        return profilePage(staff, schoolId, studentId, tab, model, session);
    }

    /** The same profile for a Student ID that cannot be a segment of the address (see {@link StudentPaths#profile}). */
    @GetMapping("/schools/{schoolId}/student")
    String profileById(@AuthenticationPrincipal StaffMember staff, @PathVariable String schoolId,
            @RequestParam("id") String studentId, @RequestParam(defaultValue = "accounts") String tab, Model model,
            HttpSession session) {
        return profilePage(staff, schoolId, studentId, tab, model, session);
    }

    private String profilePage(StaffMember staff, String schoolId, String studentId, String tab, Model model,
            HttpSession session) {
        School school = access.requireSchool(staff, schoolId, "see the students of school '" + schoolId + "'");
        StudentAccount student = accounts.inSchool(schoolId, List.of(studentId)).stream()
                .filter(java.util.Objects::nonNull).findFirst()
                .orElseThrow(() -> ApiException.notFound("student '" + studentId + "' in school '" + schoolId + "'"));
        model.addAttribute("school", school);
        model.addAttribute("student", student);
        model.addAttribute("events", events.forAccount(student.id()));
        model.addAttribute("tab", "profile".equals(tab) ? "profile" : "accounts");
        model.addAttribute("canReset", student.status() == AccountStatus.ACTIVE);
        model.addAttribute("resetToken", FormTokens.issue(session, StudentPaths.resetForm(schoolId, studentId)));
        return "student";
    }
}
