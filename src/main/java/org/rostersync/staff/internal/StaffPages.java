package org.rostersync.staff.internal;

import org.rostersync.staff.StaffMember;
import org.rostersync.staff.StaffPage;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/** Staff sign-in and the start page: operators land on the runs, teachers on their school's students. */
@Controller
@StaffPage
class StaffPages {

    private final PageModel pages;

    StaffPages(PageModel pages) {
        this.pages = pages;
    }

    @GetMapping("/staff/login")
    String login() {
        return "staff-login";
    }

    @GetMapping("/")
    String home(@AuthenticationPrincipal StaffMember staff) {
        if (staff.role().isAdmin()) {
            return "redirect:/runs";
        }
        return pages.schools(staff).stream().findFirst()
                .map(school -> "redirect:/schools/" + school.id() + "/students")
                .orElse("redirect:/runs");
    }
}
