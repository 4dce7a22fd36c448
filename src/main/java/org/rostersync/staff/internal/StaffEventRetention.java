package org.rostersync.staff.internal;

import java.time.Clock;
import java.time.Duration;

import org.rostersync.staff.SignInSettings;
import org.rostersync.staff.StaffEvents;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Keeps the staff sign-in audit to {@code rostersync.sign-in.event-retention} (365 days): each night the older events
 * are deleted. Every node may run it; a second delete finds nothing left.
 */
@Component
class StaffEventRetention {

    private static final Logger log = LoggerFactory.getLogger(StaffEventRetention.class);

    private final StaffEvents events;
    private final Clock clock;
    private final Duration retention;

    StaffEventRetention(StaffEvents events, Clock clock, SignInSettings settings) {
        this.events = events;
        this.clock = clock;
        this.retention = settings.eventRetention();
    }

    @Scheduled(cron = "0 37 4 * * *")
    void nightly() {
        int forgotten = forget();
        if (forgotten > 0) {
            log.info("Deleted {} staff sign-in events older than {} (rostersync.sign-in.event-retention)", forgotten,
                    retention);
        }
    }

    int forget() {
        return retention.isZero() ? 0 : events.forgetBefore(clock.instant().minus(retention));
    }
}
