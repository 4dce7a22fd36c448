package org.rostersync.staff;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.User;

/**
 * A signed-in staff user with the district and schools they may act on, and their role at each school. A staff member
 * from the YAML list has one role at all their schools; one from the roster may be a TEACHER at one school and a
 * SCHOOL_ADMIN at another, so the policy asks {@link #roleAt(String)} where a school is concerned.
 */
public class StaffMember extends User {

    private final StaffRole role;
    private final String districtId;
    private final Map<String, StaffRole> schoolRoles;

    /** A staff member with one role at every one of their schools (the YAML staff list). */
    public StaffMember(String username, String password, StaffRole role, String districtId, Set<String> schoolIds) {
        this(username, password, role, districtId, sameRole(schoolIds, role));
    }

    /**
     * A staff member with a role per school (roster staff); {@link #role()} is the highest of them, SCHOOL_ADMIN over
     * TEACHER, which decides only what the pages' header offers.
     */
    public StaffMember(String username, String password, String districtId, Map<String, StaffRole> schoolRoles) {
        this(username, password, highest(schoolRoles), districtId, schoolRoles);
    }

    private StaffMember(String username, String password, StaffRole role, String districtId,
            Map<String, StaffRole> schoolRoles) {
        super(username, password, authorities(role, schoolRoles));
        this.role = role;
        this.districtId = districtId;
        this.schoolRoles = Map.copyOf(schoolRoles);
    }

    private static Map<String, StaffRole> sameRole(Set<String> schoolIds, StaffRole role) {
        Map<String, StaffRole> roles = new LinkedHashMap<>();
        schoolIds.forEach(schoolId -> roles.put(schoolId, role));
        return roles;
    }

    private static StaffRole highest(Map<String, StaffRole> schoolRoles) {
        if (schoolRoles.isEmpty()) {
            throw new IllegalArgumentException("a staff member from the roster needs at least one school");
        }
        return schoolRoles.containsValue(StaffRole.SCHOOL_ADMIN) ? StaffRole.SCHOOL_ADMIN : StaffRole.TEACHER;
    }

    private static List<SimpleGrantedAuthority> authorities(StaffRole role, Map<String, StaffRole> schoolRoles) {
        return java.util.stream.Stream.concat(java.util.stream.Stream.of(role), schoolRoles.values().stream())
                .distinct().map(r -> new SimpleGrantedAuthority("ROLE_" + r.name())).toList();
    }

    public StaffRole role() {
        return role;
    }

    public String districtId() {
        return districtId;
    }

    public Set<String> schoolIds() {
        return schoolRoles.keySet();
    }

    /** The role at one school; {@code null} where the staff member has none (a district admin has none at any). */
    public StaffRole roleAt(String schoolId) {
        return schoolRoles.get(schoolId);
    }

    /** Every school with this staff member's role there. */
    public Map<String, StaffRole> schoolRoles() {
        return schoolRoles;
    }
}
