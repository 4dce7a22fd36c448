package org.rostersync.admin;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

import org.rostersync.account.AccountStatus;
import org.rostersync.sync.ImportRun;
import org.rostersync.sync.RunStatus;
import org.springframework.stereotype.Component;

/** Times, durations, badge colours and student addresses as the pages show them ({@code ${@pageFormat...}} in templates). */
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

    /** How long a run took, or has been running so far. */
    public String duration(ImportRun run) {
        if (run.startedAt() == null) {
            return "—";
        }
        Instant end = run.endedAt() != null ? run.endedAt() : Instant.now();
        Duration d = Duration.between(run.startedAt(), end);
        if (d.isNegative()) {
            return "—";
        }
        if (d.toMinutes() > 0) {
            return "%d min %d s".formatted(d.toMinutes(), d.toSecondsPart());
        }
        return "%.1f s".formatted(d.toMillis() / 1000.0);
    }

    public String badge(RunStatus status) {
        return switch (status) {
            case COMPLETED -> "ok";
            case COMPLETED_WITH_ERRORS, HELD -> "warn";
            case FAILED -> "bad";
            case QUEUED, RUNNING -> "busy";
        };
    }

    public String badge(AccountStatus status) {
        return switch (status) {
            case ACTIVE -> "ok";
            case PASSWORD_ISSUED -> "busy";
            case PENDING_ACTIVATION -> "warn";
            case DEACTIVATED -> "off";
        };
    }

    /** The address of a student's profile, for any Student ID (without the context path: {@code @{${...}}}). */
    public String profile(String schoolId, String studentId) {
        return StudentPages.profilePath(schoolId, studentId);
    }

    /** Where a student's profile posts the single password reset. */
    public String passwordReset(String schoolId, String studentId) {
        return StudentPages.passwordResetPath(schoolId, studentId);
    }

    /** Enum names as words: PASSWORD_ISSUED → "Password issued". */
    public String words(Enum<?> value) {
        String text = value.name().replace('_', ' ').toLowerCase(Locale.ROOT);
        return Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }
}
