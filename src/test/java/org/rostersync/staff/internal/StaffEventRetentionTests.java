package org.rostersync.staff.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.rostersync.staff.StaffEventType;
import org.rostersync.staff.StaffEvents;
import org.rostersync.support.DatabaseTestSupport;
import org.springframework.beans.factory.annotation.Autowired;

/** The staff sign-in audit keeps a year (the shipped {@code rostersync.sign-in.event-retention}), on H2 and PostgreSQL. */
abstract class StaffEventRetentionTests extends DatabaseTestSupport {

    @Autowired
    StaffEvents events;

    @Autowired
    StaffEventRetention retention;

    @Test
    void eventsOlderThanAYearAreDeletedAndTheRestKept() {
        // given: a sign-in a year and a day ago, and one a day short of a year ago
        clock.set(Instant.parse("2025-08-31T07:00:00Z"));
        events.add(StaffEventType.SIGNED_IN, "old-admin", "FORM", null, "springfield", null, "127.0.0.1");
        clock.set(Instant.parse("2025-09-02T07:00:00Z"));
        events.add(StaffEventType.SIGNED_IN, "recent-admin", "FORM", null, "springfield", null, "127.0.0.1");
        clock.set(Instant.parse("2026-09-01T07:00:00Z"));

        // when
        int forgotten = retention.forget();

        // then
        assertThat(forgotten).isEqualTo(1);
        assertThat(jdbc.queryForList("SELECT username FROM staff_event", String.class))
                .containsExactly("recent-admin");

        // and a second node's pass finds nothing more
        clock.advance(Duration.ofMinutes(1));
        assertThat(retention.forget()).isZero();
    }
}
