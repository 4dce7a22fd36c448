package org.rostersync.scheduling;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.quartz.CalendarIntervalTrigger;
import org.quartz.CronTrigger;
import org.quartz.Scheduler;
import org.quartz.Trigger;
import org.quartz.TriggerUtils;
import org.quartz.impl.StdSchedulerFactory;
import org.quartz.spi.OperableTrigger;
import org.rostersync.roster.RosterFormat;
import org.rostersync.school.FeedSchedule;
import org.rostersync.school.FeedScope;
import org.rostersync.school.FeedSource;
import org.rostersync.school.GuardSettings;
import org.rostersync.school.ImportFeed;
import org.rostersync.school.SchoolDirectory;
import org.rostersync.school.SftpSettings;
import org.springframework.transaction.support.TransactionOperations;

/** Feed triggers: fire times in the school's time zone across DST changes, and start-up reconciliation. */
class FeedTriggersTests {

    static final ZoneId CHICAGO = ZoneId.of("America/Chicago");

    static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

    Scheduler scheduler;

    @AfterEach
    void shutdown() throws Exception {
        if (scheduler != null) {
            scheduler.shutdown();
        }
    }

    @Test
    void dailyTriggerKeepsLocalTimeAcrossTheFallBackAndFiresOnceInTheRepeatedHour() {
        // given: 01:30 happens twice in Chicago on 2026-11-01
        Trigger trigger = FeedTriggers.trigger(feed("f", "DAILY 01:30", CHICAGO), at("2026-10-30T12:00:00Z"))
                .orElseThrow();

        // when
        List<Instant> fires = fireTimes(trigger, 4);

        // then: 01:30 CDT (UTC-5), one run on the day of the change, then 01:30 CST (UTC-6)
        assertThat(fires).hasSize(4);
        assertThat(fires.get(0)).isEqualTo(at("2026-10-31T06:30:00Z"));
        assertThat(fires.get(1)).isIn(at("2026-11-01T06:30:00Z"), at("2026-11-01T07:30:00Z"));
        assertThat(fires.subList(2, 4)).containsExactly(at("2026-11-02T07:30:00Z"), at("2026-11-03T07:30:00Z"));
    }

    @Test
    void aDailyFeedScheduledTheDayBeforeTheFallBackStillRunsOnTheDayOfTheChange() {
        // given: the feed is added (or moved to 01:30) on 2026-10-31; 01:30 happens twice in Chicago on 2026-11-01
        Trigger trigger = FeedTriggers.trigger(feed("f", "DAILY 01:30", CHICAGO), at("2026-10-31T12:00:00Z"))
                .orElseThrow();

        // then: once at the first 01:30 (CDT) of the change, then 01:30 CST; the day of the change was skipped
        assertThat(fireTimes(trigger, 3)).containsExactly(at("2026-11-01T06:30:00Z"), at("2026-11-02T07:30:00Z"),
                at("2026-11-03T07:30:00Z"));
    }

    @Test
    void aWeeklyFeedScheduledInTheWeekBeforeTheFallBackStillRunsThatSunday() {
        // given: added on Tuesday 2026-10-27, to run on Sundays at 01:15 (twice on 2026-11-01)
        Trigger trigger = FeedTriggers.trigger(feed("f", "WEEKLY SUN 01:15", CHICAGO), at("2026-10-27T12:00:00Z"))
                .orElseThrow();

        // then: that Sunday at the first 01:15, then the next at 01:15 CST; it used to wait two weeks
        assertThat(fireTimes(trigger, 2)).containsExactly(at("2026-11-01T06:15:00Z"), at("2026-11-08T07:15:00Z"));
    }

    @Test
    void hourlyTriggerFiresEveryHourOfRealTimeAcrossTheFallBack() {
        // given: 01:00 happens twice in Chicago on 2026-11-01 (06:00Z as CDT, 07:00Z as CST)
        Trigger trigger = FeedTriggers.trigger(feed("f", "HOURLY", CHICAGO), at("2026-11-01T04:20:00Z"))
                .orElseThrow();

        // when
        List<Instant> fires = fireTimes(trigger, 4);

        // then: on the hour, no hour left out
        assertThat(fires).containsExactly(at("2026-11-01T05:00:00Z"), at("2026-11-01T06:00:00Z"),
                at("2026-11-01T07:00:00Z"), at("2026-11-01T08:00:00Z"));
    }

    @Test
    void hourlyTriggerStartsOnALocalTopOfTheHourInAHalfHourZone() {
        // given: Kolkata is UTC+05:30
        Trigger trigger = FeedTriggers.trigger(feed("f", "HOURLY", ZoneId.of("Asia/Kolkata")),
                at("2026-11-01T04:20:00Z")).orElseThrow();

        // then: 10:00 local is 04:30Z
        assertThat(fireTimes(trigger, 2)).containsExactly(at("2026-11-01T04:30:00Z"), at("2026-11-01T05:30:00Z"));
    }

    @Test
    void dailyTriggerKeepsLocalTimeAcrossTheSpringForwardAndStillRunsOnTheDayOfTheChange() {
        // given: Chicago skips from 02:00 to 03:00 on 2027-03-14
        Trigger trigger = FeedTriggers.trigger(feed("f", "DAILY 02:00", CHICAGO), at("2027-03-12T12:00:00Z"))
                .orElseThrow();

        // when
        List<Instant> fires = fireTimes(trigger, 4);

        // then: 02:00 CST (UTC-6); on the day of the change at 03:00 CDT, the first time that exists; 02:00 CDT after
        assertThat(fires).containsExactly(at("2027-03-13T08:00:00Z"), at("2027-03-14T08:00:00Z"),
                at("2027-03-15T07:00:00Z"), at("2027-03-16T07:00:00Z"));
    }

    @Test
    void aDailyFeedAddedTheDayBeforeTheSpringForwardRunsOnTheDayOfTheChange() {
        // given: New York skips from 02:00 to 03:00 on 2027-03-14; the feed is added at noon the day before
        ImportFeed feed = feed("f", "DAILY 02:00", NEW_YORK);

        // when
        List<Instant> fires = fireTimes(FeedTriggers.triggers(feed, at("2027-03-13T17:00:00Z")), 3);

        // then: on the day of the change at 03:00 EDT, the first time that exists (it used to wait for 03-15), then
        // 02:00 EDT
        assertThat(fires).containsExactly(at("2027-03-14T07:00:00Z"), at("2027-03-15T06:00:00Z"),
                at("2027-03-16T06:00:00Z"));
    }

    @Test
    void aWeeklyFeedAddedInTheWeekBeforeTheSpringForwardRunsThatSunday() {
        // given: Sundays at 02:30, added on Wednesday 2027-03-10
        ImportFeed feed = feed("f", "WEEKLY SUN 02:30", NEW_YORK);

        // then: that Sunday at 03:30 EDT (02:30 does not exist), then 02:30 EDT
        assertThat(fireTimes(FeedTriggers.triggers(feed, at("2027-03-10T17:00:00Z")), 3)).containsExactly(
                at("2027-03-14T07:30:00Z"), at("2027-03-21T06:30:00Z"), at("2027-03-28T06:30:00Z"));
    }

    @Test
    void aFeedAddedBeforeTheSpringForwardShowsTheDayOfTheChangeAsItsNextRunAndLosesThatFiringWhenRescheduled()
            throws Exception {
        // given: a DAILY 02:00 feed added in New York on 2027-03-13 at noon
        scheduler = ramScheduler();
        reconcileAt(at("2027-03-13T17:00:00Z"), feed("f", "DAILY 02:00", NEW_YORK));
        Instant first = new FeedSchedules(scheduler).nextRunAt("f").orElseThrow();

        // when: a restart an hour later keeps it; a later one moves the feed to 04:00
        reconcileAt(at("2027-03-13T18:00:00Z"), feed("f", "DAILY 02:00", NEW_YORK));
        Instant kept = new FeedSchedules(scheduler).nextRunAt("f").orElseThrow();
        reconcileAt(at("2027-03-13T19:00:00Z"), feed("f", "DAILY 04:00", NEW_YORK));

        // then
        assertThat(first).isEqualTo(at("2027-03-14T07:00:00Z"));
        assertThat(kept).isEqualTo(first);
        assertThat(scheduler.getTriggersOfJob(FeedTriggers.jobKey("f"))).hasSize(1);
        assertThat(new FeedSchedules(scheduler).nextRunAt("f")).contains(at("2027-03-14T08:00:00Z"));
    }

    @Test
    void cronTriggerIsInTheFeedsZoneAcrossTheSpringForward() {
        // given
        Trigger trigger = FeedTriggers.trigger(feed("f", "CRON 0 0 6 ? * MON-FRI", CHICAGO),
                at("2027-03-12T00:00:00Z")).orElseThrow();

        // when
        List<Instant> fires = fireTimes(trigger, 2);

        // then: Friday 06:00 CST, Monday 06:00 CDT
        assertThat(fires).containsExactly(at("2027-03-12T12:00:00Z"), at("2027-03-15T11:00:00Z"));
        assertThat(trigger.getMisfireInstruction()).isEqualTo(CronTrigger.MISFIRE_INSTRUCTION_FIRE_ONCE_NOW);
    }

    @Test
    void aFixedOffsetWrittenTheJavaTimeWayIsTheZoneOfEverySchedule() {
        // given: time-zone "UTC-6", which the settings accept and java.time spells UTC-06:00
        ZoneId utcMinus6 = ZoneId.of("UTC-6");
        Instant now = at("2027-03-12T00:00:00Z");

        // then: 06:00 at UTC-6 is 12:00Z; the cron feed used to run at 06:00 GMT, six hours early
        assertThat(fireTimes(FeedTriggers.trigger(feed("c", "CRON 0 0 6 ? * MON-FRI", utcMinus6), now)
                .orElseThrow(), 2)).containsExactly(at("2027-03-12T12:00:00Z"), at("2027-03-15T12:00:00Z"));
        assertThat(fireTimes(FeedTriggers.trigger(feed("d", "DAILY 06:00", utcMinus6), now).orElseThrow(), 2))
                .containsExactly(at("2027-03-12T12:00:00Z"), at("2027-03-13T12:00:00Z"));
        assertThat(fireTimes(FeedTriggers.trigger(feed("h", "HOURLY", utcMinus6), now).orElseThrow(), 1))
                .containsExactly(at("2027-03-12T01:00:00Z"));
    }

    @Test
    void weeklyTriggerIsInTheFeedsZoneAndMissedFiringsRunOnceNow() {
        // when
        Trigger trigger = FeedTriggers.trigger(feed("f", "WEEKLY MON 06:15", ZoneId.of("America/New_York")),
                at("2026-11-25T00:00:00Z")).orElseThrow();

        // then
        assertThat(fireTimes(trigger, 2)).containsExactly(at("2026-11-30T11:15:00Z"), at("2026-12-07T11:15:00Z"));
        assertThat(trigger.getMisfireInstruction())
                .isEqualTo(CalendarIntervalTrigger.MISFIRE_INSTRUCTION_FIRE_ONCE_NOW);
    }

    @Test
    void startUpReconciliationAddsUpdatesAndRemovesTriggers() throws Exception {
        // given: a scheduler that knows feeds a (daily 02:00) and b
        scheduler = ramScheduler();
        reconcile(feed("a", "DAILY 02:00", CHICAGO), feed("b", "HOURLY", CHICAGO));

        // when: a moves to 03:00, b is unchanged, c is new, and an upload-only feed has no trigger
        ImportFeed upload = new ImportFeed("u", FeedScope.SCHOOL, "d", "s", FeedSource.UPLOAD, RosterFormat.STANDARD,
                FeedSchedule.parse("ONE_TIME"), CHICAGO, Duration.ZERO, GuardSettings.DEFAULTS, Map.of(), List.of(),
                null);
        reconcile(feed("a", "DAILY 03:00", CHICAGO), feed("b", "HOURLY", CHICAGO),
                feed("c", "CRON 0 */5 * * * ?", CHICAGO), upload);
        reconcile(feed("a", "DAILY 03:00", CHICAGO), feed("c", "CRON 0 */5 * * * ?", CHICAGO), upload);

        // then
        assertThat(scheduler.getTrigger(FeedTriggers.triggerKey("a")).getDescription()).isEqualTo("DAILY 03:00");
        assertThat(scheduler.getTrigger(FeedTriggers.triggerKey("a")).getNextFireTime().toInstant()
                .atZone(CHICAGO).toLocalTime()).isEqualTo(java.time.LocalTime.of(3, 0));
        assertThat(scheduler.getTrigger(FeedTriggers.triggerKey("b"))).isNull();
        assertThat(scheduler.checkExists(FeedTriggers.jobKey("b"))).isFalse();
        assertThat(scheduler.getTrigger(FeedTriggers.triggerKey("c"))).isNotNull();
        assertThat(scheduler.checkExists(FeedTriggers.jobKey("u"))).isFalse();
        assertThat(scheduler.getJobDetail(FeedTriggers.jobKey("c")).getJobDataMap().getString(FeedTriggers.FEED_ID))
                .isEqualTo("c");
    }

    @Test
    void aScheduleWithNoFiringLeftLeavesThatFeedUnscheduledAndTheServerStillStarts() throws Exception {
        // given: feed once ran daily; its schedule became a one-off pull on a date that has passed, and another
        // feed names a date that never comes
        scheduler = ramScheduler();
        reconcile(feed("once", "DAILY 02:00", CHICAGO));

        // when: start-up (Quartz refused these triggers, and the server did not start at all)
        reconcile(feed("once", "CRON 0 0 6 15 8 ? 2025", CHICAGO), feed("never", "CRON 0 0 6 30 2 ?", CHICAGO),
                feed("nightly", "DAILY 02:00", CHICAGO));

        // then: the other feeds are scheduled; the expired one keeps no trigger (not its old daily one either)
        assertThat(scheduler.getTrigger(FeedTriggers.triggerKey("nightly")).getNextFireTime()).isNotNull();
        assertThat(scheduler.getTrigger(FeedTriggers.triggerKey("once"))).isNull();
        assertThat(scheduler.checkExists(FeedTriggers.jobKey("once"))).isFalse();
        assertThat(scheduler.getTrigger(FeedTriggers.triggerKey("never"))).isNull();
        assertThat(new FeedSchedules(scheduler).nextRunAt("once")).isEmpty();
    }

    private void reconcile(ImportFeed... feeds) {
        new FeedTriggers(scheduler, new SchoolDirectory(List.of(), List.of(feeds)),
                TransactionOperations.withoutTransaction(), () -> { }).afterSingletonsInstantiated();
    }

    private void reconcileAt(Instant now, ImportFeed... feeds) throws Exception {
        new FeedTriggers(scheduler, new SchoolDirectory(List.of(), List.of(feeds)),
                TransactionOperations.withoutTransaction(), () -> { }).reconcile(now);
    }

    /** The first {@code count} firings of all the triggers together. */
    private static List<Instant> fireTimes(List<Trigger> triggers, int count) {
        return triggers.stream().flatMap(trigger -> fireTimes(trigger, count).stream()).sorted().limit(count)
                .toList();
    }

    private static List<Instant> fireTimes(Trigger trigger, int count) {
        return TriggerUtils.computeFireTimes((OperableTrigger) trigger, null, count).stream().map(Date::toInstant)
                .toList();
    }

    private static Instant at(String instant) {
        return Instant.parse(instant);
    }

    static ImportFeed feed(String id, String schedule, ZoneId zone) {
        SftpSettings sftp = new SftpSettings("sftp.example", 22, "u", "p", null, null, null, null, "SHA256:x",
                "students.csv");
        return new ImportFeed(id, FeedScope.SCHOOL, "d", "s", FeedSource.SFTP, RosterFormat.STANDARD,
                FeedSchedule.parse(schedule), zone, Duration.ZERO, GuardSettings.DEFAULTS, Map.of(), List.of(), sftp);
    }

    private static Scheduler ramScheduler() throws Exception {
        Properties properties = new Properties();
        properties.put("org.quartz.scheduler.instanceName", "feed-triggers-test");
        properties.put("org.quartz.threadPool.threadCount", "1");
        properties.put("org.quartz.jobStore.class", "org.quartz.simpl.RAMJobStore");
        return new StdSchedulerFactory(properties).getScheduler();
    }
}
