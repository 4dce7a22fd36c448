package org.rostersync.staff.web;

import org.rostersync.staff.AccessPolicy;
import org.rostersync.staff.Paging;
import org.rostersync.staff.StaffEventType;
import org.rostersync.staff.StaffEvents;
import org.rostersync.staff.StaffMember;
import org.rostersync.staff.StaffPage;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** The Sign-ins page: the staff sign-in audit as {@code GET /api/staff-events} gives it, for district admins. */
@Controller
@StaffPage
class StaffEventPages {

    static final int PAGE_SIZE = 100;

    private final StaffEvents events;
    private final AccessPolicy access;

    StaffEventPages(StaffEvents events, AccessPolicy access) {
        this.events = events;
        this.access = access;
    }

    @GetMapping("/staff-events")
    String events(@AuthenticationPrincipal StaffMember staff, @RequestParam(required = false) String username,
            @RequestParam(required = false) StaffEventType type, @RequestParam(required = false) Integer page,
            Model model) {
        access.requireDistrictAdmin(staff, "read the staff sign-in events: only district admins do");
        Paging paging = Paging.of(page, PAGE_SIZE);
        String who = username == null || username.isBlank() ? null : username.strip();
        long total = events.countOfDistrict(staff.districtId(), who, type);
        model.addAttribute("events", events.ofDistrict(staff.districtId(), who, type, paging));
        model.addAttribute("total", total);
        model.addAttribute("page", paging.page());
        model.addAttribute("older", (long) (paging.page() + 1) * PAGE_SIZE < total);
        model.addAttribute("types", StaffEventType.values());
        model.addAttribute("type", type);
        model.addAttribute("username", who);
        return "staff-events";
    }
}
