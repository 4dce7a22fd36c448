package org.rostersync.staff.internal;

import org.rostersync.staff.AccessPolicy;
import org.rostersync.staff.StaffMember;
import org.rostersync.staff.StaffPage;

import java.util.List;

import org.rostersync.school.School;
import org.rostersync.school.SchoolDirectory;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/** What every page's header needs: who is signed in and which schools they may open. */
@ControllerAdvice(annotations = StaffPage.class)
class PageModel {

    private final SchoolDirectory directory;
    private final AccessPolicy access;

    PageModel(SchoolDirectory directory, AccessPolicy access) {
        this.directory = directory;
        this.access = access;
    }

    /** The signed-in staff member as the pages show them; {@code null} on the sign-in page. */
    record PageUser(String username, String role, boolean admin, List<School> schools) {
    }

    @ModelAttribute("me")
    PageUser me(@AuthenticationPrincipal StaffMember staff) {
        if (staff == null) {
            return null;
        }
        return new PageUser(staff.getUsername(), staff.role().name(), staff.role().isAdmin(), schools(staff));
    }

    List<School> schools(StaffMember staff) {
        return directory.districts().stream().flatMap(d -> d.schools().stream())
                .filter(s -> access.canSeeSchool(staff, s.id())).toList();
    }
}
