package org.rostersync.sync.internal.housekeeping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.time.Period;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.rostersync.school.InvalidSettingsException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** {@code rostersync.student-retention} as Spring Boot binds it; plain JUnit, no Spring context. */
class StudentRetentionSettingsTests {

    private static StudentRetentionSettings bind(Map<String, String> settings) {
        return new Binder(new MapConfigurationPropertySource(settings)).bindOrCreate("rostersync",
                StudentRetentionSettings.class);
    }

    @Test
    void aYearByDefaultAnyPeriodWhenGivenAndZeroKeepsForever() {
        assertThat(bind(Map.of()).studentRetention()).isEqualTo(Period.ofYears(1));
        assertThat(bind(Map.of()).keepsForever()).isFalse();
        assertThat(bind(Map.of("rostersync.student-retention", "P18M")).studentRetention())
                .isEqualTo(Period.ofMonths(18));
        assertThat(bind(Map.of("rostersync.student-retention", "0")).keepsForever()).isTrue();
        assertThat(bind(Map.of("rostersync.student-retention", "P0D")).keepsForever()).isTrue();
    }

    @Test
    void aNegativeRetentionIsNamedAtStartUp() {
        // when
        Throwable thrown = catchThrowable(() -> bind(Map.of("rostersync.student-retention", "-P1Y")));

        // then
        assertThat(thrown).hasRootCauseInstanceOf(InvalidSettingsException.class)
                .rootCause().hasMessageContaining("rostersync.student-retention: must not be negative");
    }
}
