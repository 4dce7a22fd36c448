package org.rostersync.monitoring;

import org.rostersync.school.ImportFeed;
import org.rostersync.staff.AccessPolicy;
import org.rostersync.staff.StaffMember;
import org.rostersync.staff.StaffRole;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;

/**
 * The health endpoint names the feeds the signed-in staff member may see, as the API lists them; nobody else's. An
 * operator runs the whole deployment and sees every feed.
 */
@Component
class HealthFeeds implements VisibleFeeds {

    private final AccessPolicy access;

    HealthFeeds(AccessPolicy access) {
        this.access = access;
    }

    @Override
    public boolean isVisible(ImportFeed feed) {
        Authentication caller = SecurityContextHolder.getContext().getAuthentication();
        return caller != null && caller.getPrincipal() instanceof StaffMember staff
                && (staff.role() == StaffRole.OPERATOR || access.canSeeFeed(staff, feed));
    }
}
