package org.rostersync.school;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Schedule strings from config/ become Quartz cron expressions, or a message saying how to write them. */
class FeedScheduleTests {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "DAILY 02:00        | 0 0 2 * * ?",
            "daily 23:45        | 0 45 23 * * ?",
            "WEEKLY MON 02:30   | 0 30 2 ? * MON",
            "HOURLY             | 0 0 * * * ?",
            "CRON 0 15 3 ? * SUN | 0 15 3 ? * SUN" })
    void schedulesBecomeCronExpressions(String text, String cron) {
        assertThat(FeedSchedule.parse(text).cronExpression()).contains(cron);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "DAILY 25:00", "WEEKLY FUNDAY 02:00", "CRON not a cron", "SOMETIMES", "DAILY 02:00 extra" })
    void badSchedulesAreRefusedWithTheAcceptedForms(String text) {
        assertThatThrownBy(() -> FeedSchedule.parse(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(text.split(" ")[0]);
    }
}
