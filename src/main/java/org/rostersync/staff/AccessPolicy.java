package org.rostersync.staff;

import java.util.List;

import org.rostersync.school.FeedScope;
import org.rostersync.school.ImportFeed;
import org.rostersync.school.School;
import org.rostersync.school.SchoolDirectory;
import org.springframework.stereotype.Component;

/**
 * Who may see and do what: district admins the whole district; school admins and teachers only their schools
 * (and never district-level feeds); only admins upload, run or approve.
 */
@Component
public class AccessPolicy {

    private final SchoolDirectory directory;

    AccessPolicy(SchoolDirectory directory) {
        this.directory = directory;
    }

    /** District admins see every school of their district; everyone else only their own schools. */
    public boolean canSeeSchool(StaffMember staff, String schoolId) {
        return directory.school(schoolId)
                .map(school -> staff.role() == StaffRole.DISTRICT_ADMIN
                        ? school.districtId().equals(staff.districtId())
                        : staff.schoolIds().contains(schoolId))
                .orElse(false);
    }

    /**
     * The school, for a staff member who may see it: 404 for a school that does not exist, 403 ("you may not
     * {@code action}") for one they may not see.
     */
    public School requireSchool(StaffMember staff, String schoolId, String action) {
        School school = directory.school(schoolId)
                .orElseThrow(() -> ApiException.notFound("school '" + schoolId + "'"));
        if (!canSeeSchool(staff, schoolId)) {
            throw ApiException.forbidden(action);
        }
        return school;
    }

    /**
     * The school, for its admins: the district's admins and that school's admins; 404 for a school that does not
     * exist, 403 for teachers and for admins of another school.
     */
    public School requireSchoolAdmin(StaffMember staff, String schoolId, String action) {
        School school = requireSchool(staff, schoolId, action);
        if (!staff.role().isAdmin()) {
            throw ApiException.forbidden(action);
        }
        return school;
    }

    /** The feed, for a staff member who may see it: 404 for a feed that does not exist, 403 for one they cannot. */
    public ImportFeed visibleFeed(StaffMember staff, String feedId) {
        ImportFeed feed = directory.feed(feedId).orElseThrow(() -> ApiException.notFound("feed '" + feedId + "'"));
        if (!canSeeFeed(staff, feed)) {
            throw ApiException.forbidden("see feed '" + feedId + "'");
        }
        return feed;
    }

    /** A district feed only its district's admins; a school feed whoever sees the school. */
    public boolean canSeeFeed(StaffMember staff, ImportFeed feed) {
        if (feed.scope() == FeedScope.DISTRICT) {
            return staff.role() == StaffRole.DISTRICT_ADMIN && feed.districtId().equals(staff.districtId());
        }
        return canSeeSchool(staff, feed.schoolId());
    }

    /**
     * Uploading, pulling, approving and reverting: admins who see the feed; for a school feed, an admin of that school
     * (a roster staff member who is a teacher there and an admin elsewhere only sees it).
     */
    public boolean canRunFeed(StaffMember staff, ImportFeed feed) {
        if (!canSeeFeed(staff, feed)) {
            return false;
        }
        return feed.scope() == FeedScope.DISTRICT || staff.role() == StaffRole.DISTRICT_ADMIN
                || isAdminAt(staff, feed.schoolId());
    }

    /** The district's admins, and the admins of that school; teachers never. */
    public boolean canAdministerSchool(StaffMember staff, String schoolId) {
        return canSeeSchool(staff, schoolId)
                && (staff.role() == StaffRole.DISTRICT_ADMIN || isAdminAt(staff, schoolId));
    }

    private static boolean isAdminAt(StaffMember staff, String schoolId) {
        StaffRole role = staff.roleAt(schoolId);
        return role != null && role.isAdmin();
    }

    /** Only a district admin reads the staff sign-in events: 403 ("you may not {@code action}") for anyone else. */
    public void requireDistrictAdmin(StaffMember staff, String action) {
        if (staff.role() != StaffRole.DISTRICT_ADMIN) {
            throw ApiException.forbidden(action);
        }
    }

    /**
     * The schools a run started by the staff member may move students out of: {@code null} for a district admin, who
     * sees the whole district; otherwise the schools they administer (a run holds moves out of any other until a
     * district admin approves them).
     */
    public java.util.Set<String> runBoundary(StaffMember staff) {
        if (staff.role() == StaffRole.DISTRICT_ADMIN) {
            return null;
        }
        return staff.schoolIds().stream().filter(schoolId -> isAdminAt(staff, schoolId))
                .collect(java.util.stream.Collectors.toUnmodifiableSet());
    }

    /** Only a district admin approves moves of students out of a school a run's starter could not see. */
    public boolean mayApproveTransfers(StaffMember staff) {
        return staff.role() == StaffRole.DISTRICT_ADMIN;
    }

    /** The configured feeds the staff member may see, in configuration order. */
    public List<ImportFeed> visibleFeeds(StaffMember staff) {
        return directory.feeds().stream().filter(feed -> canSeeFeed(staff, feed)).toList();
    }
}
