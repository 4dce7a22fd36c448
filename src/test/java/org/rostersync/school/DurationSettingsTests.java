package org.rostersync.school;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/**
 * Spring Boot reads a duration written as a bare number as milliseconds: {@code lock-duration: 15} would lock an
 * account for 15 ms and {@code file-retention: 30} delete every roster file at once. Plain JUnit, no Spring context.
 */
class DurationSettingsTests {

    private static StandardEnvironment environment(Map<String, Object> settings, Map<String, Object> variables) {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new MapPropertySource("config/application.yml", settings));
        environment.getPropertySources().replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                        variables));
        ConfigurationPropertySources.attach(environment);
        return environment;
    }

    @Test
    void aDurationWithoutAUnitIsNamedWithTheFix() {
        // given: in YAML, on the command line and in an environment variable
        StandardEnvironment environment = environment(
                Map.of("rostersync.login.lockDuration", "15", "rostersync.file-retention", " 30 "),
                Map.of("ROSTERSYNC_SFTP_READTIMEOUT", "60"));

        // then
        assertThatThrownBy(() -> DurationSettings.check(environment)).isInstanceOf(InvalidSettingsException.class)
                .hasMessageContaining("rostersync.login.lock-duration: '15' has no unit (Spring would read it as 15"
                        + " milliseconds); write PT15M for 15 minutes, PT15S for seconds or P15D for days")
                .hasMessageContaining("rostersync.file-retention: '30' has no unit")
                .hasMessageContaining("rostersync.sftp.read-timeout: '60' has no unit")
                .hasMessageNotContaining("shutdown-timeout");
    }

    @Test
    void durationsWithAUnitAndTheDefaultsPass() {
        StandardEnvironment environment = environment(Map.of("rostersync.login.lock-duration", "15m",
                "rostersync.file-retention", "P30D", "rostersync.shutdown-timeout", "PT0S"), Map.of());

        assertThatCode(() -> DurationSettings.check(environment)).doesNotThrowAnyException();
        assertThatCode(() -> DurationSettings.check(environment(Map.of(), Map.of()))).doesNotThrowAnyException();
    }
}
