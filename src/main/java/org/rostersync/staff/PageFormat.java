package org.rostersync.staff;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

import org.springframework.stereotype.Component;

/**
 * Times, words and student addresses as every page shows them ({@code ${@pageFormat...}} in templates); the runs' and
 * students' badges are their features' own ({@code @runFormat}, {@code @studentFormat}).
 */
@Component
public class PageFormat {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss z", Locale.US);

    /** An instant in the given zone (the school's or feed's), or a dash. */
    public String time(Instant at, ZoneId zone) {
        return at == null ? "—" : TIME.format(at.atZone(zone == null ? ZoneId.of("UTC") : zone));
    }

    public String time(Instant at) {
        return time(at, null);
    }

    /** The address of a student's profile, for any Student ID (without the context path: {@code @{${...}}}). */
    public String profile(String schoolId, String studentId) {
        return StudentPaths.profile(schoolId, studentId);
    }

    /** Where a student's profile posts the single password reset. */
    public String passwordReset(String schoolId, String studentId) {
        return StudentPaths.passwordReset(schoolId, studentId);
    }

    /** Enum names as words: PASSWORD_ISSUED → "Password issued". */
    public String words(Enum<?> value) {
        String text = value.name().replace('_', ' ').toLowerCase(Locale.ROOT);
        return Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }
}
