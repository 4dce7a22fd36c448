package org.rostersync.school;

import java.util.ArrayList;
import java.util.List;

import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Refuses the durations of {@code rostersync.*} written as a bare number, like a feed's {@code deactivation-grace}:
 * Spring Boot reads {@code 15} as 15 milliseconds, so {@code lock-duration: 15} meant as minutes would make the
 * student lockout last 15 ms, and {@code file-retention: 30} meant as days would delete every roster file at once.
 */
@Component
class DurationSettings {

    /** Every duration setting of roster-sync outside the feeds. */
    static final List<String> KEYS = List.of("rostersync.shutdown-timeout", "rostersync.file-retention", "rostersync.run-retention",
            "rostersync.sftp.connect-timeout", "rostersync.sftp.read-timeout", "rostersync.sftp.retry-backoff",
            "rostersync.sftp.settle-time", "rostersync.login.failure-window", "rostersync.login.lock-duration");

    DurationSettings(Environment environment) {
        check(environment);
    }

    static void check(Environment environment) {
        List<String> problems = new ArrayList<>();
        for (String key : KEYS) {
            String value = environment.getProperty(key);
            String text = value == null ? "" : value.strip();
            // 0 is no time in any unit
            if (!text.isEmpty() && text.chars().allMatch(Character::isDigit) && !text.chars().allMatch(c -> c == '0')) {
                problems.add(key + ": '" + text + "' has no unit (Spring would read it as " + text + " milliseconds);"
                        + " write PT" + text + "M for " + text + " minutes, PT" + text + "S for seconds or P" + text
                        + "D for days");
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidSettingsException(problems);
        }
    }
}
