package org.rostersync.school;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;

import org.junit.jupiter.api.Test;
import org.rostersync.roster.RecordKind;

/** A feed's {@code records} setting and the staff columns it allows; plain JUnit, no Spring context. */
class RecordsSettingsTests extends FeedSettingsTestSupport {

    @Test
    void recordsDefaultToStudentsAndTakeStaffOrBothForExports() {
        // given
        feed(0, "STANDARD");
        feed(1, "STANDARD", "records", "staff", "columns.staff-id", "Employee Number");
        feed(2, "ONEROSTER", "records[0]", "STUDENTS", "records[1]", "STAFF");
        feed(3, "CLEVER", "records", "STUDENTS,STAFF");

        // when
        SchoolDirectory directory = directory();

        // then
        assertThat(directory.feed("feed-0").orElseThrow().records()).isEqualTo(Set.of(RecordKind.STUDENTS));
        assertThat(directory.feed("feed-0").orElseThrow().staffOnly()).isFalse();
        assertThat(directory.feed("feed-1").orElseThrow().staffOnly()).isTrue();
        assertThat(directory.feed("feed-1").orElseThrow().columns()).containsEntry("staff-id", "Employee Number");
        assertThat(directory.feed("feed-2").orElseThrow().records())
                .isEqualTo(Set.of(RecordKind.STUDENTS, RecordKind.STAFF));
        assertThat(directory.feed("feed-2").orElseThrow().staffOnly()).isFalse();
        assertThat(directory.feed("feed-3").orElseThrow().records()).hasSize(2);
    }

    @Test
    void badRecordsAndColumnsOfTheOtherKindNameTheirKey() {
        // given
        feed(0, "STANDARD", "records", "TEACHERS");
        feed(1, "STANDARD", "records", "STUDENTS,STAFF");
        feed(2, "STANDARD", "records", "STAFF", "columns.grade", "Gr");
        feed(3, "STANDARD", "columns.role", "Position");

        // then
        assertThatThrownBy(this::directory).isInstanceOf(InvalidSettingsException.class)
                .hasMessageContaining("rostersync.feeds[0].records: 'TEACHERS'")
                .hasMessageContaining("rostersync.feeds[1].records: a STANDARD file holds students or staff, not both")
                .hasMessageContaining("rostersync.feeds[2].columns.grade: unknown field; use one of [school-id,"
                        + " first-name, last-name, staff-id, email, role]")
                .hasMessageContaining("rostersync.feeds[3].columns.role: unknown field");
    }
}
