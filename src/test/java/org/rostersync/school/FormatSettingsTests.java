package org.rostersync.school;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.rostersync.roster.CleverStudentId;
import org.rostersync.roster.OneRosterStudentId;
import org.rostersync.roster.RosterFormat;

/** A feed's clever-student-id and oneroster-student-id settings; plain JUnit, no Spring context. */
class FormatSettingsTests extends FeedSettingsTestSupport {

    @Test
    void studentIdColumnsDefaultAndAcceptTheHeaderInAnyCase() {
        // given
        feed(0, "CLEVER");
        feed(1, "CLEVER", "clever-student-id", "student_number");
        feed(2, "ONEROSTER", "oneroster-student-id", "identifier");

        // when
        SchoolDirectory directory = directory();

        // then
        assertThat(directory.feed("feed-0").orElseThrow().formatOptions().cleverStudentId())
                .isEqualTo(CleverStudentId.STUDENT_ID);
        assertThat(directory.feed("feed-0").orElseThrow().format()).isEqualTo(RosterFormat.CLEVER);
        assertThat(directory.feed("feed-1").orElseThrow().formatOptions().cleverStudentId())
                .isEqualTo(CleverStudentId.STUDENT_NUMBER);
        assertThat(directory.feed("feed-2").orElseThrow().formatOptions().oneRosterStudentId())
                .isEqualTo(OneRosterStudentId.IDENTIFIER);
    }

    @Test
    void badOrMisplacedStudentIdSettingsNameTheirKey() {
        // given
        feed(0, "CLEVER", "clever-student-id", "Email");
        feed(1, "STANDARD", "clever-student-id", "State_id");
        feed(2, "ONEROSTER", "oneroster-student-id", "username");
        feed(3, "CLEVER", "oneroster-student-id", "sourcedId");

        // then
        assertThatThrownBy(this::directory).isInstanceOf(InvalidSettingsException.class)
                .hasMessageContaining("rostersync.feeds[0].clever-student-id: 'Email' is not valid; use Student_id")
                .hasMessageContaining("rostersync.feeds[1].clever-student-id: only CLEVER feeds read it")
                .hasMessageContaining("rostersync.feeds[2].oneroster-student-id: 'username' is not valid")
                .hasMessageContaining("rostersync.feeds[3].oneroster-student-id: only ONEROSTER feeds read it");
    }
}
