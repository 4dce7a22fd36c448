package org.rostersync.staff.web;

import java.util.List;

import org.rostersync.staff.AccessPolicy;
import org.rostersync.staff.Paging;
import org.rostersync.staff.RosterStaffMember;
import org.rostersync.staff.RosterStaffRecords;
import org.rostersync.staff.StaffMember;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** A school's roster staff, for the district's admins and that school's admins. */
@RestController
class RosterStaffController {

    private final RosterStaffRecords staffRecords;
    private final AccessPolicy access;

    RosterStaffController(RosterStaffRecords staffRecords, AccessPolicy access) {
        this.staffRecords = staffRecords;
        this.access = access;
    }

    @GetMapping("/api/schools/{schoolId}/staff")
    ResponseEntity<List<RosterStaffMember>> staff(@AuthenticationPrincipal StaffMember staff,
            @PathVariable String schoolId, @RequestParam(required = false) String status,
            @RequestParam(required = false) Integer page, @RequestParam(required = false) Integer size) {
        access.requireSchoolAdmin(staff, schoolId, "see the staff of school '" + schoolId + "'");
        String wanted = StaffStatusFilter.parse(status);
        Paging paging = Paging.of(page, size);
        return ResponseEntity.ok()
                .header("X-Total-Count", String.valueOf(staffRecords.countInSchool(schoolId, wanted)))
                .body(staffRecords.inSchool(schoolId, wanted, paging.offset(), paging.size()));
    }
}
