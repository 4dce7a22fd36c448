package org.rostersync.school;

import java.text.ParseException;
import java.time.DayOfWeek;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;

import org.quartz.CronExpression;

/**
 * When a feed runs: {@code DAILY HH:mm}, {@code WEEKLY MON HH:mm}, {@code HOURLY}, {@code CRON <quartz cron>} or
 * {@code ONE_TIME} (flat files only), always in the feed's time zone.
 */
public sealed interface FeedSchedule {

    /** The Quartz cron expression that fires this schedule, empty for one-time feeds. */
    Optional<String> cronExpression();

    record Daily(LocalTime at) implements FeedSchedule {
        public Optional<String> cronExpression() {
            return Optional.of("0 %d %d * * ?".formatted(at.getMinute(), at.getHour()));
        }

        @Override
        public String toString() {
            return "DAILY " + at;
        }
    }

    record Weekly(DayOfWeek day, LocalTime at) implements FeedSchedule {
        public Optional<String> cronExpression() {
            return Optional.of("0 %d %d ? * %s".formatted(at.getMinute(), at.getHour(), shortName(day)));
        }

        @Override
        public String toString() {
            return "WEEKLY " + shortName(day) + " " + at;
        }
    }

    record Hourly() implements FeedSchedule {
        public Optional<String> cronExpression() {
            return Optional.of("0 0 * * * ?");
        }

        @Override
        public String toString() {
            return "HOURLY";
        }
    }

    record Cron(String expression) implements FeedSchedule {
        public Optional<String> cronExpression() {
            return Optional.of(expression);
        }

        @Override
        public String toString() {
            return "CRON " + expression;
        }
    }

    record OneTime() implements FeedSchedule {
        public Optional<String> cronExpression() {
            return Optional.empty();
        }

        @Override
        public String toString() {
            return "ONE_TIME";
        }
    }

    /**
     * Reads a schedule string.
     *
     * @throws IllegalArgumentException with a message that says what a valid schedule looks like
     */
    static FeedSchedule parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("is empty; " + HINT);
        }
        String[] parts = text.trim().split("\\s+", 2);
        String kind = parts[0].toUpperCase(Locale.ROOT);
        String rest = parts.length > 1 ? parts[1].trim() : "";
        switch (kind) {
            case "DAILY":
                return new Daily(time(rest, text));
            case "WEEKLY": {
                String[] dayAndTime = rest.split("\\s+");
                if (dayAndTime.length != 2) {
                    throw new IllegalArgumentException("'" + text + "' needs a day and a time, e.g. WEEKLY MON 02:00");
                }
                return new Weekly(day(dayAndTime[0], text), time(dayAndTime[1], text));
            }
            case "HOURLY":
                requireNothingAfter(rest, text);
                return new Hourly();
            case "ONE_TIME":
                requireNothingAfter(rest, text);
                return new OneTime();
            case "CRON":
                try {
                    CronExpression.validateExpression(rest);
                } catch (ParseException e) {
                    throw new IllegalArgumentException("'" + text + "' is not a Quartz cron expression ("
                            + e.getMessage() + "), e.g. CRON 0 30 1 ? * MON-FRI");
                }
                return new Cron(rest);
            default:
                throw new IllegalArgumentException("'" + text + "' is not a schedule; " + HINT);
        }
    }

    String HINT = "use DAILY HH:mm, WEEKLY MON HH:mm, HOURLY, CRON <quartz cron> or ONE_TIME";

    private static LocalTime time(String value, String text) {
        try {
            return LocalTime.parse(value);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("'" + text + "' has no valid 24-hour time HH:mm, e.g. DAILY 02:00");
        }
    }

    private static DayOfWeek day(String value, String text) {
        for (DayOfWeek day : DayOfWeek.values()) {
            if (shortName(day).equalsIgnoreCase(value) || day.name().equalsIgnoreCase(value)) {
                return day;
            }
        }
        throw new IllegalArgumentException("'" + text + "' has no valid day; use MON, TUE, WED, THU, FRI, SAT or SUN");
    }

    private static void requireNothingAfter(String rest, String text) {
        if (!rest.isEmpty()) {
            throw new IllegalArgumentException("'" + text + "' has unexpected text after the schedule; " + HINT);
        }
    }

    private static String shortName(DayOfWeek day) {
        return day.name().substring(0, 3);
    }
}
