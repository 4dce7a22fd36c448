package org.rostersync.staff.web;

import org.rostersync.school.School;
import org.rostersync.staff.AccessPolicy;
import org.rostersync.staff.RosterStaffRecords;
import org.rostersync.staff.StaffMember;
import org.rostersync.staff.StaffPage;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;

/** The Staff page: a school's roster staff, for the district's admins and that school's admins. */
@Controller
@StaffPage
class RosterStaffPages {

    /** The page lists a school's staff up to this many; the API pages through them all. */
    static final int MAX_ROWS = 2000;

    private final RosterStaffRecords staffRecords;
    private final AccessPolicy access;

    RosterStaffPages(RosterStaffRecords staffRecords, AccessPolicy access) {
        this.staffRecords = staffRecords;
        this.access = access;
    }

    @GetMapping("/schools/{schoolId}/staff")
    String staff(@AuthenticationPrincipal StaffMember staff, @PathVariable String schoolId,
            @RequestParam(required = false) String status, Model model) {
        School school = access.requireSchoolAdmin(staff, schoolId, "see the staff of school '" + schoolId + "'");
        String wanted = StaffStatusFilter.parse(status);
        model.addAttribute("school", school);
        model.addAttribute("staff", staffRecords.inSchool(schoolId, wanted, 0, MAX_ROWS));
        model.addAttribute("total", staffRecords.countInSchool(schoolId, wanted));
        model.addAttribute("status", wanted);
        return "staff";
    }
}
