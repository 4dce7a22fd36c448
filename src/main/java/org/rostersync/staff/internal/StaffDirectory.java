package org.rostersync.staff.internal;

import org.rostersync.staff.StaffMember;
import org.rostersync.staff.StaffRole;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import org.rostersync.school.District;
import org.rostersync.school.InvalidSettingsException;
import org.rostersync.school.School;
import org.rostersync.school.SchoolDirectory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * Staff users from {@code rostersync.staff}, validated at start-up. Hands out a fresh {@link StaffMember} per
 * sign-in, because Spring Security erases the credentials of the object it is given.
 */
class StaffDirectory implements UserDetailsService {

    private static final Logger log = LoggerFactory.getLogger(StaffDirectory.class);

    /** A bcrypt hash as Spring Security's {@code BCryptPasswordEncoder} checks it. */
    private static final Pattern BCRYPT = Pattern.compile("\\$2[aby]?\\$\\d\\d\\$[./0-9A-Za-z]{53}");

    private final Map<String, StaffSettings.StaffEntry> staff = new LinkedHashMap<>();
    private final Map<String, StaffRole> roles = new LinkedHashMap<>();
    private final Map<String, Set<String>> schools = new LinkedHashMap<>();

    StaffDirectory(StaffSettings settings, SchoolDirectory directory, PasswordEncoder encoder) {
        List<String> problems = new ArrayList<>();
        List<StaffSettings.StaffEntry> entries = settings.staff();
        List<String> districtIds = directory.districts().stream().map(District::id).toList();
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
            } else {
                String problem = encodingProblem(entry.password(), encoder);
                if (problem != null) {
                    problems.add(key + ".password: " + problem);
                }
            }
            StaffRole role = null;
            try {
                role = StaffRole.valueOf(String.valueOf(entry.role()).toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                problems.add(key + ".role: '" + entry.role() + "' is not DISTRICT_ADMIN, SCHOOL_ADMIN, TEACHER or"
                        + " OPERATOR");
            }
            if (role == StaffRole.OPERATOR) {
                // deployment-wide: an operator reads metrics of every district, so works for none of them
                if (entry.district() != null && !entry.district().isBlank()) {
                    problems.add(key + ".district: an OPERATOR works for the whole deployment; remove the district");
                }
                if (entry.schools() != null && !entry.schools().isEmpty()) {
                    problems.add(key + ".schools: an OPERATOR works for the whole deployment; remove the schools");
                }
                staff.put(entry.username(), entry);
                roles.put(entry.username(), role);
                schools.put(entry.username(), Set.of());
                continue;
            }
            if (entry.district() == null || entry.district().isBlank()) {
                problems.add(key + ".district: missing; give the id of the district this staff member works for;"
                        + " known districts: " + districtIds);
            } else if (directory.district(entry.district()).isEmpty()) {
                problems.add(key + ".district: unknown district '" + entry.district() + "'; known districts: "
                        + districtIds);
            }
            List<String> districtSchools = Optional.ofNullable(entry.district()).flatMap(directory::district)
                    .map(d -> d.schools().stream().map(School::id).toList()).orElse(List.of());
            Set<String> schoolIds = new HashSet<>(entry.schools() == null ? List.of() : entry.schools());
            for (String schoolId : schoolIds) {
                School school = directory.school(schoolId).orElse(null);
                if (school == null) {
                    problems.add(key + ".schools: unknown school '" + schoolId + "'" + (districtSchools.isEmpty() ? ""
                            : "; schools of district '" + entry.district() + "': " + districtSchools));
                } else if (!school.districtId().equals(entry.district())) {
                    problems.add(key + ".schools: school '" + schoolId + "' is not in district '" + entry.district()
                            + "'");
                }
            }
            if (role != null && role != StaffRole.DISTRICT_ADMIN && schoolIds.isEmpty()) {
                problems.add(key + ".schools: a " + role + " needs at least one school" + (districtSchools.isEmpty()
                        ? "" : " of district '" + entry.district() + "': " + districtSchools));
            }
            staff.put(entry.username(), entry);
            roles.put(entry.username(), role);
            schools.put(entry.username(), schoolIds);
        }
        if (!problems.isEmpty()) {
            throw new InvalidSettingsException(problems);
        }
        if (staff.isEmpty()) {
            // a server nobody can sign in to still imports; say why every page and API call answers 401
            log.warn("No staff are configured (rostersync.staff): nobody can sign in to the pages or the API; add at"
                    + " least one DISTRICT_ADMIN with a {bcrypt} password");
        }
    }

    /**
     * What is wrong with an encoded password, or {@code null}: a plain password behind {@code {bcrypt}} could never
     * sign in, and an id without an encoder failed every sign-in with a 500. Never quotes the password.
     */
    private static String encodingProblem(String password, PasswordEncoder encoder) {
        int end = password.indexOf('}');
        if (password.startsWith("{bcrypt}")) {
            return BCRYPT.matcher(password.substring(end + 1)).matches() ? null
                    : "the text after {bcrypt} is not a bcrypt hash; generate one, e.g. htpasswd -bnBC 10 \"\""
                            + " 'secret' | tr -d ':\\n', and write \"{bcrypt}<hash>\"";
        }
        try {
            encoder.matches("-", password);
            return null;
        } catch (IllegalArgumentException e) {
            // the prefix is never quoted: it may be the password itself in braces
            if (end > 0 && !String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT).contains("mapped for the id")) {
                return "the text after its prefix in braces is not a hash of that encoding; write \"{bcrypt}<hash>\"";
            }
            return (end < 0 ? "its '{' is not closed" : "its prefix in braces names no password encoding (the ids are"
                    + " lower-case: {bcrypt}, {argon2}, {pbkdf2}, {scrypt}, {noop})") + "; write \"{bcrypt}<hash>\"";
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

}
