package org.rostersync.staff.internal;

import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** The {@code rostersync.staff} list: who may sign in to the admin endpoint. */
@ConfigurationProperties("rostersync")
record StaffSettings(List<StaffEntry> staff) {

    StaffSettings {
        staff = staff == null ? List.of() : staff;
    }

    /**
     * @param password Spring Security encoded, e.g. {@code {bcrypt}$2a$10$...}; {@code {noop}...} for local use only
     */
    record StaffEntry(String username, String password, String role, String district, List<String> schools) {

        @Override
        public String toString() {
            return "StaffEntry[" + username + ", " + role + "]";
        }
    }
}
