package org.rostersync.admin;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.rostersync.school.InvalidSettingsException;
import org.rostersync.school.School;
import org.rostersync.school.SchoolDirectory;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;

/**
 * Staff users from {@code rostersync.staff}, validated at start-up. Hands out a fresh {@link StaffMember} per
 * sign-in, because Spring Security erases the credentials of the object it is given.
 */
class StaffDirectory implements UserDetailsService {

    private final Map<String, StaffSettings.StaffEntry> staff = new LinkedHashMap<>();
    private final Map<String, StaffRole> roles = new LinkedHashMap<>();
    private final Map<String, Set<String>> schools = new LinkedHashMap<>();

    StaffDirectory(StaffSettings settings, SchoolDirectory directory) {
        List<String> problems = new ArrayList<>();
        List<StaffSettings.StaffEntry> entries = settings.staff();
        for (int i = 0; i < entries.size(); i++) {
            StaffSettings.StaffEntry entry = entries.get(i);
            String key = "rostersync.staff[" + i + "]";
            if (entry.username() == null || entry.username().isBlank()) {
                problems.add(key + ".username: missing");
                continue;
            }
            if (staff.containsKey(entry.username())) {
                problems.add(key + ".username: duplicate staff user '" + entry.username() + "'");
            }
            if (entry.password() == null || !entry.password().startsWith("{")) {
                problems.add(key + ".password: give an encoded password such as {bcrypt}$2a$10$... ({noop}... only"
                        + " for local use)");
            }
            StaffRole role = null;
            try {
                role = StaffRole.valueOf(String.valueOf(entry.role()).toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                problems.add(key + ".role: '" + entry.role() + "' is not DISTRICT_ADMIN, SCHOOL_ADMIN or TEACHER");
            }
            if (entry.district() == null || directory.district(entry.district()).isEmpty()) {
                problems.add(key + ".district: unknown district '" + entry.district() + "'");
            }
            Set<String> schoolIds = new HashSet<>(entry.schools() == null ? List.of() : entry.schools());
            for (String schoolId : schoolIds) {
                School school = directory.school(schoolId).orElse(null);
                if (school == null) {
                    problems.add(key + ".schools: unknown school '" + schoolId + "'");
                } else if (!school.districtId().equals(entry.district())) {
                    problems.add(key + ".schools: school '" + schoolId + "' is not in district '" + entry.district()
                            + "'");
                }
            }
            if (role != null && role != StaffRole.DISTRICT_ADMIN && schoolIds.isEmpty()) {
                problems.add(key + ".schools: a " + role + " needs at least one school");
            }
            staff.put(entry.username(), entry);
            roles.put(entry.username(), role);
            schools.put(entry.username(), schoolIds);
        }
        if (!problems.isEmpty()) {
            throw new InvalidSettingsException(problems);
        }
    }

    @Override
    public UserDetails loadUserByUsername(String username) {
        StaffSettings.StaffEntry entry = staff.get(username);
        if (entry == null) {
            throw new UsernameNotFoundException("no such staff user");
        }
        return new StaffMember(entry.username(), entry.password(), roles.get(username), entry.district(),
                schools.get(username));
    }

    boolean isEmpty() {
        return staff.isEmpty();
    }
}
