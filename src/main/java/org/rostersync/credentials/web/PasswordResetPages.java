package org.rostersync.credentials.web;

import org.rostersync.credentials.CredentialSheet;
import org.rostersync.credentials.IssuedCredential;
import org.rostersync.credentials.PasswordResetRefusedException;
import org.rostersync.credentials.PasswordResets;
import org.rostersync.school.School;
import org.rostersync.staff.AccessPolicy;
import org.rostersync.staff.FormTokens;
import org.rostersync.staff.StaffMember;
import org.rostersync.staff.StaffPage;
import org.rostersync.staff.StudentPaths;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

/** The profile's single reset of an ACTIVE account: the new password is shown once, on this answer only. */
@Controller
@StaffPage
class PasswordResetPages {

    static final String SENT_TWICE = "This page had already sent its reset (the button pressed twice?), or it was out of"
            + " date, so nothing was changed by this click. Any password issued by the first click is the one that"
            + " works; to print one you can see, reset again.";

    private final PasswordResets resets;
    private final CredentialSheet sheet;
    private final AccessPolicy access;

    PasswordResetPages(PasswordResets resets, CredentialSheet sheet, AccessPolicy access) {
        this.resets = resets;
        this.sheet = sheet;
        this.access = access;
    }

    @PostMapping("/schools/{schoolId}/students/{studentId}/password-reset")
    String resetOne(@AuthenticationPrincipal StaffMember staff, @PathVariable String schoolId,
            @PathVariable String studentId, @RequestParam(required = false) String token, Model model,
            HttpServletResponse response, HttpSession session, RedirectAttributes flash) {
        return resetOnePage(staff, schoolId, studentId, token, model, response, session, flash);
    }

    /** The same reset for a Student ID that cannot be a segment of the address (see {@link StudentPaths#profile}). */
    @PostMapping("/schools/{schoolId}/student/password-reset")
    String resetOneById(@AuthenticationPrincipal StaffMember staff, @PathVariable String schoolId,
            @RequestParam("id") String studentId, @RequestParam(required = false) String token, Model model,
            HttpServletResponse response, HttpSession session, RedirectAttributes flash) {
        return resetOnePage(staff, schoolId, studentId, token, model, response, session, flash);
    }

    /** The new password, never cached; or back to the profile with the reason. */
    private String resetOnePage(StaffMember staff, String schoolId, String studentId, String token, Model model,
            HttpServletResponse response, HttpSession session, RedirectAttributes flash) {
        School school = access.requireSchool(staff, schoolId, "see the students of school '" + schoolId + "'");
        if (!FormTokens.redeem(session, StudentPaths.resetForm(schoolId, studentId), token)) {
            flash.addFlashAttribute("problem", SENT_TWICE);
            return "redirect:" + StudentPaths.profile(schoolId, studentId);
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
            return "redirect:" + StudentPaths.profile(schoolId, studentId);
        }
    }
}
