package org.rostersync.staff.web;

import java.util.List;

import org.rostersync.staff.AccessPolicy;
import org.rostersync.staff.Paging;
import org.rostersync.staff.StaffEvent;
import org.rostersync.staff.StaffEventType;
import org.rostersync.staff.StaffEvents;
import org.rostersync.staff.StaffMember;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The staff sign-in audit, for the district's admins: who signed in, was refused or signed out, and when. */
@RestController
class StaffEventController {

    private final StaffEvents events;
    private final AccessPolicy access;

    StaffEventController(StaffEvents events, AccessPolicy access) {
        this.events = events;
        this.access = access;
    }

    /** Newest first, paged like every list; {@code username} (any case) and {@code type} narrow it. */
    @GetMapping("/api/staff-events")
    ResponseEntity<List<StaffEvent>> events(@AuthenticationPrincipal StaffMember staff,
            @RequestParam(required = false) String username, @RequestParam(required = false) StaffEventType type,
            @RequestParam(required = false) Integer page, @RequestParam(required = false) Integer size) {
        access.requireDistrictAdmin(staff, "read the staff sign-in events: only district admins do");
        Paging paging = Paging.of(page, size);
        String who = username == null || username.isBlank() ? null : username.strip();
        return ResponseEntity.ok()
                .header("X-Total-Count", String.valueOf(events.countOfDistrict(staff.districtId(), who, type)))
                .body(events.ofDistrict(staff.districtId(), who, type, paging));
    }
}
