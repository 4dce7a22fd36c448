package org.rostersync.sync.internal.housekeeping;

import java.time.Period;

import org.rostersync.school.InvalidSettingsException;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param studentRetention how long after a student's deactivation their personal fields are kept (ISO-8601 period,
 *                         e.g. {@code P1Y}, {@code P18M}); {@code 0} keeps them for good
 */
@ConfigurationProperties("rostersync")
record StudentRetentionSettings(@DefaultValue("P1Y") Period studentRetention) {

    StudentRetentionSettings {
        if (studentRetention.isNegative()) {
            throw new InvalidSettingsException(java.util.List.of("rostersync.student-retention: must not be negative;"
                    + " give a period such as P1Y, or 0 to keep deactivated students' data, was " + studentRetention));
        }
    }

    boolean keepsForever() {
        return studentRetention.isZero();
    }
}
