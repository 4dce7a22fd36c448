package org.rostersync.staff;

import java.util.List;
import java.util.Set;

import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.User;

/** A signed-in staff user with the district and schools they may act on. */
public class StaffMember extends User {

    private final StaffRole role;
    private final String districtId;
    private final Set<String> schoolIds;

    public StaffMember(String username, String password, StaffRole role, String districtId, Set<String> schoolIds) {
        super(username, password, List.of(new SimpleGrantedAuthority("ROLE_" + role.name())));
        this.role = role;
        this.districtId = districtId;
        this.schoolIds = Set.copyOf(schoolIds);
    }

    public StaffRole role() {
        return role;
    }

    public String districtId() {
        return districtId;
    }

    public Set<String> schoolIds() {
        return schoolIds;
    }
}
