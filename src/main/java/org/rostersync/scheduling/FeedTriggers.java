package org.rostersync.scheduling;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

import org.quartz.CalendarIntervalScheduleBuilder;
import org.quartz.CalendarIntervalTrigger;
import org.quartz.CronScheduleBuilder;
import org.quartz.CronTrigger;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.TriggerKey;
import org.quartz.TriggerUtils;
import org.quartz.impl.matchers.GroupMatcher;
import org.quartz.spi.OperableTrigger;
import org.rostersync.school.FeedSchedule;
import org.rostersync.school.ImportFeed;
import org.rostersync.school.SchoolDirectory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.transaction.support.TransactionOperations;

/**
 * One Quartz job and trigger per SFTP or CLEVER feed, in the feed's time zone (and a one-off trigger for a first
 * firing on the night the clocks skip its time, see {@link #triggers}). At start-up, before the
 * scheduler fires anything, the stored triggers are brought in line with {@code config/}: new feeds get one, a
 * changed schedule or zone replaces it, a removed feed's is deleted; an unchanged trigger is left alone so that a
 * firing missed while every node was down is still seen as a misfire and runs once, now. A feed whose schedule has
 * no firing left gets no trigger and a warning, rather than keeping the whole server from starting.
 */
class FeedTriggers implements SmartInitializingSingleton {

    static final String GROUP = "roster-feeds";
    static final String FEED_ID = "feedId";

    private static final Logger log = LoggerFactory.getLogger(FeedTriggers.class);

    private final Scheduler scheduler;
    private final SchoolDirectory directory;
    private final TransactionOperations transactions;
    private final Runnable clusterLock;

    FeedTriggers(Scheduler scheduler, SchoolDirectory directory, TransactionOperations transactions,
            Runnable clusterLock) {
        this.scheduler = scheduler;
        this.directory = directory;
        this.transactions = transactions;
        this.clusterLock = clusterLock;
    }

    /**
     * In one transaction that first takes Quartz's cluster lock row, so nodes starting together reconcile one after
     * the other and the second sees what the first stored.
     */
    @Override
    public void afterSingletonsInstantiated() {
        transactions.executeWithoutResult(status -> {
            try {
                clusterLock.run();
                reconcile();
            } catch (SchedulerException e) {
                throw new IllegalStateException("Could not register the feeds' schedules with Quartz", e);
            }
        });
    }

    void reconcile() throws SchedulerException {
        reconcile(Instant.now());
    }

    void reconcile(Instant now) throws SchedulerException {
        Set<JobKey> wanted = new HashSet<>();
        for (ImportFeed feed : directory.feeds()) {
            List<Trigger> triggers = triggers(feed, now);
            if (triggers.isEmpty()) {
                continue;
            }
            Optional<Trigger> trigger = Optional.of(triggers.get(0));
            Trigger existing = scheduler.getTrigger(triggerKey(feed.id()));
            if (existing != null && sameSchedule(existing, trigger.get())) {
                wanted.add(jobKey(feed.id())); // kept, with a last firing missed while the nodes were down
                continue;
            }
            if (neverFires(trigger.get())) {
                // Quartz refuses such a trigger, and one feed's schedule must not keep the server from starting
                log.warn("Feed {} is not scheduled: its schedule {} has no firing left in {}; give it a schedule"
                        + " that fires again, or run it with Run now", feed.id(), feed.schedule(), feed.timeZone());
                continue;
            }
            wanted.add(jobKey(feed.id()));
            if (scheduler.checkExists(jobKey(feed.id()))) {
                // with its triggers: a first firing left from the old schedule must not fire
                scheduler.deleteJob(jobKey(feed.id()));
            }
            JobDetail job = JobBuilder.newJob(FeedSyncJob.class)
                    .withIdentity(jobKey(feed.id()))
                    .withDescription("import run of feed " + feed.id())
                    .usingJobData(FEED_ID, feed.id())
                    .storeDurably()
                    .build();
            scheduler.scheduleJob(job, Set.copyOf(triggers), true);
            log.info("{} feed {}: {} ({})", existing == null ? "Scheduled" : "Rescheduled", feed.id(),
                    feed.schedule(), feed.timeZone());
        }
        for (JobKey job : scheduler.getJobKeys(GroupMatcher.jobGroupEquals(GROUP))) {
            if (!wanted.contains(job)) {
                scheduler.deleteJob(job);
                log.info("Removed the schedule of feed {}: it is no longer configured to pull", job.getName());
            }
        }
    }

    /**
     * The triggers of a feed that pulls its file on a schedule, its {@link #trigger} first; empty for upload-only
     * feeds. A DAILY or WEEKLY feed whose first firing falls on the night the clocks skip its time also gets a
     * one-off trigger for that firing, at the first time that exists (as its trigger fires on such nights later):
     * the repeating trigger takes its time of day from its first firing, so that one must be a day (a week) on.
     *
     * @param now the first firing is the schedule's first time after this instant
     */
    static List<Trigger> triggers(ImportFeed feed, Instant now) {
        Optional<Trigger> trigger = trigger(feed, now);
        if (trigger.isEmpty()) {
            return List.of();
        }
        List<Trigger> triggers = new ArrayList<>(List.of(trigger.get()));
        ZonedDateTime skipped = null;
        if (feed.schedule() instanceof FeedSchedule.Daily daily) {
            skipped = firstInGap(now, feed.timeZone(), daily.at(), null);
        } else if (feed.schedule() instanceof FeedSchedule.Weekly weekly) {
            skipped = firstInGap(now, feed.timeZone(), weekly.at(), weekly.day());
        }
        if (skipped != null && skipped.toInstant().isBefore(trigger.get().getStartTime().toInstant())) {
            triggers.add(TriggerBuilder.newTrigger()
                    .withIdentity(firstFiringKey(feed.id()))
                    .forJob(jobKey(feed.id()))
                    .withDescription(feed.schedule() + ", its first firing on the night the clocks skip that time")
                    .startAt(Date.from(skipped.toInstant()))
                    .withSchedule(SimpleScheduleBuilder.simpleSchedule().withMisfireHandlingInstructionFireNow())
                    .build());
        }
        return List.copyOf(triggers);
    }

    /**
     * The trigger of a feed that pulls its file on a schedule; empty for upload-only feeds. A firing missed while
     * every node was down fires once as soon as a node is back (never once per missed firing).
     * <p>
     * DAILY and WEEKLY schedules use a calendar-interval trigger that keeps the local time of day across DST
     * changes and, on the night the clocks skip that hour, fires at the first time that exists (a cron trigger
     * would skip the whole day's sync). In the repeated hour of the fall change they fire once. HOURLY fires every
     * 60 minutes of real time from a local top of the hour, so both of the fall change's 01:00s sync. CRON schedules
     * are cron triggers with Quartz's usual meaning.
     *
     * @param now the first firing is the schedule's first time after this instant
     */
    static Optional<Trigger> trigger(ImportFeed feed, Instant now) {
        if (feed.sftp() == null || feed.schedule().cronExpression().isEmpty()) {
            return Optional.empty();
        }
        ZoneId zone = feed.timeZone();
        TriggerBuilder<Trigger> builder = TriggerBuilder.newTrigger()
                .withIdentity(triggerKey(feed.id()))
                .forJob(jobKey(feed.id()))
                .withDescription(feed.schedule().toString());
        if (feed.schedule() instanceof FeedSchedule.Daily daily) {
            return Optional.of(builder.startAt(Date.from(firstAfter(now, zone, daily.at(), null).toInstant()))
                    .withSchedule(calendarInterval(feed).withIntervalInDays(1)).build());
        }
        if (feed.schedule() instanceof FeedSchedule.Weekly weekly) {
            return Optional.of(builder.startAt(Date.from(firstAfter(now, zone, weekly.at(), weekly.day()).toInstant()))
                    .withSchedule(calendarInterval(feed).withIntervalInWeeks(1)).build());
        }
        if (feed.schedule() instanceof FeedSchedule.Hourly) {
            // every 60 minutes of real time from a local top of the hour: a cron trigger skipped one of the two
            // 01:00s of the fall change, leaving the feed two hours without a sync
            ZonedDateTime next = now.atZone(zone).truncatedTo(ChronoUnit.HOURS).plusHours(1);
            return Optional.of(builder.startAt(Date.from(next.toInstant()))
                    .withSchedule(CalendarIntervalScheduleBuilder.calendarIntervalSchedule()
                            .inTimeZone(feed.scheduleTimeZone()).withIntervalInHours(1)
                            .withMisfireHandlingInstructionFireAndProceed()).build());
        }
        return Optional.of(builder.startAt(Date.from(now)).withSchedule(CronScheduleBuilder.cronSchedule(feed.schedule().cronExpression()
                .get()).inTimeZone(feed.scheduleTimeZone()).withMisfireHandlingInstructionFireAndProceed()).build());
    }

    private static CalendarIntervalScheduleBuilder calendarInterval(ImportFeed feed) {
        return CalendarIntervalScheduleBuilder.calendarIntervalSchedule()
                .inTimeZone(feed.scheduleTimeZone())
                .preserveHourOfDayAcrossDaylightSavings(true)
                .skipDayIfHourDoesNotExist(false)
                .withMisfireHandlingInstructionFireAndProceed();
    }

    /**
     * The first local {@code at} (on {@code day}, if given) after {@code now} that exists, so the trigger's time of
     * day is never taken from a DST gap. A time that happens twice (the fall change) is a fine start: its first
     * occurrence has the right local hour, and skipping it left a new or rescheduled feed a day (WEEKLY: a week)
     * without a sync.
     */
    private static ZonedDateTime firstAfter(Instant now, ZoneId zone, LocalTime at, DayOfWeek day) {
        return timesAfter(now, zone, at, day).filter(local -> exists(local, zone)).findFirst()
                .map(local -> ZonedDateTime.of(local, zone)).orElseThrow();
    }

    /**
     * The first local {@code at} (on {@code day}, if given) after {@code now}, when that time does not exist (the
     * clocks skip it), moved on by the gap as the trigger moves such firings; {@code null} when it exists.
     */
    private static ZonedDateTime firstInGap(Instant now, ZoneId zone, LocalTime at, DayOfWeek day) {
        return timesAfter(now, zone, at, day).findFirst().filter(local -> !exists(local, zone))
                .map(local -> ZonedDateTime.of(local, zone)).orElse(null);
    }

    /**
     * The local {@code at} of each day from {@code now}'s on (only the {@code day}s, if given) whose time in
     * {@code zone} (a time in a DST gap moved on by the gap) is after {@code now}, in order; endless.
     */
    private static Stream<LocalDateTime> timesAfter(Instant now, ZoneId zone, LocalTime at, DayOfWeek day) {
        return Stream.iterate(now.atZone(zone).toLocalDate(), date -> date.plusDays(1))
                .filter(date -> day == null || date.getDayOfWeek() == day)
                .map(date -> LocalDateTime.of(date, at))
                .filter(local -> ZonedDateTime.of(local, zone).toInstant().isAfter(now));
    }

    /** Whether the local time happens in {@code zone}: it is not in a gap the clocks skip. */
    private static boolean exists(LocalDateTime local, ZoneId zone) {
        return !zone.getRules().getValidOffsets(local).isEmpty();
    }

    /**
     * A cron schedule whose every firing is past, e.g. one with a year that has gone by ({@code CRON 0 0 6 15 8 ?
     * 2025}, a one-off pull), or one that names no real date ({@code 30 FEB}).
     */
    private static boolean neverFires(Trigger trigger) {
        return TriggerUtils.computeFireTimes((OperableTrigger) trigger, null, 1).isEmpty();
    }

    static JobKey jobKey(String feedId) {
        return JobKey.jobKey(feedId, GROUP);
    }

    static TriggerKey triggerKey(String feedId) {
        return TriggerKey.triggerKey(feedId, GROUP);
    }

    /** The one-off first firing's key; a space is in no feed id. */
    static TriggerKey firstFiringKey(String feedId) {
        return TriggerKey.triggerKey(feedId + " first", GROUP);
    }

    /** Same kind of trigger, same schedule text, same zone: the stored one (and its misfire state) is kept. */
    private static boolean sameSchedule(Trigger stored, Trigger wanted) {
        return stored.getClass() == wanted.getClass()
                && Objects.equals(stored.getDescription(), wanted.getDescription())
                && Objects.equals(zone(stored), zone(wanted))
                && stored.getMisfireInstruction() == wanted.getMisfireInstruction();
    }

    private static String zone(Trigger trigger) {
        if (trigger instanceof CronTrigger cron) {
            return cron.getTimeZone().getID();
        }
        if (trigger instanceof CalendarIntervalTrigger calendar) {
            return calendar.getTimeZone().getID();
        }
        return null;
    }
}
