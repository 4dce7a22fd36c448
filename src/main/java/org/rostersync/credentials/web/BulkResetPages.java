package org.rostersync.credentials.web;

import java.util.List;
import java.util.stream.Collectors;

import org.rostersync.credentials.CredentialSheet;
import org.rostersync.credentials.PasswordResetRefusedException;
import org.rostersync.credentials.PasswordResets;
import org.rostersync.credentials.SlipLayout;
import org.rostersync.staff.AccessPolicy;
import org.rostersync.staff.FormTokens;
import org.rostersync.staff.StaffMember;
import org.rostersync.staff.StaffPage;
import org.rostersync.staff.StudentPaths;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseCookie;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;

/** The Students page's bulk reset: the PDF of slips for the selected tiles. */
@Controller
@StaffPage
class BulkResetPages {

    /** Set on a bulk reset's PDF, to the form token it redeemed. */
    static final String DOWNLOADED = "rostersync-reset";

    private final PasswordResets resets;
    private final CredentialSheet sheet;
    private final SlipFiles files;
    private final AccessPolicy access;

    BulkResetPages(PasswordResets resets, CredentialSheet sheet, SlipFiles files, AccessPolicy access) {
        this.resets = resets;
        this.sheet = sheet;
        this.files = files;
        this.access = access;
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
        access.requireSchool(staff, schoolId, "see the students of school '" + schoolId + "'");
        String back = StudentPaths.students(schoolId, status, grade);
        if (!FormTokens.redeem(session, StudentPaths.bulkResetForm(schoolId), token)) {
            flash.addFlashAttribute("problem", PasswordResetPages.SENT_TWICE);
            return "redirect:" + back;
        }
        // the values as sent: bound to a list, a single Student ID with a comma would be split in two
        String[] studentIds = request.getParameterValues("studentIds");
        List<String> selected = studentIds == null ? List.of() : List.of(studentIds);
        try {
            // the PDF is made before the passwords are stored: if it cannot be, none changes
            ResponseEntity<byte[]> pdf = resets.resetAll(schoolId, selected, staff.getUsername(),
                    issued -> SlipFiles.pdf(sheet.render(issued, layout), files.slipsName(schoolId)));
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
}
