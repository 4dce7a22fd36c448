package org.rostersync.staff.web;

import java.util.Locale;

import org.rostersync.staff.ApiException;

/** The {@code status} filter of the Staff API and page: ACTIVE or DEACTIVATED (any case), or none for both. */
final class StaffStatusFilter {

    private StaffStatusFilter() {
    }

    /** The status to filter by, {@code null} for every status; 400 for anything else. */
    static String parse(String status) {
        if (status == null || status.isBlank()) {
            return null;
        }
        String upper = status.strip().toUpperCase(Locale.ROOT);
        if (!upper.equals("ACTIVE") && !upper.equals("DEACTIVATED")) {
            throw ApiException.badRequest("status must be ACTIVE or DEACTIVATED");
        }
        return upper;
    }
}
