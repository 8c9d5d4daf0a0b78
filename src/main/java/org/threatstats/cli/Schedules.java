package org.threatstats.cli;

import java.time.Duration;
import java.time.ZonedDateTime;

import org.springframework.scheduling.support.CronExpression;

/** Fire times of a job's cron expression (second minute hour day month weekday, the server's time zone). */
final class Schedules {
    private static final Duration LONGEST = Duration.ofDays(400);

    private Schedules() {
    }

    static ZonedDateTime next(String cron, ZonedDateTime after) {
        return CronExpression.parse(cron).next(after);
    }

    /** The latest fire time at or before {@code now}, or null if there was none in the last 400 days. */
    static ZonedDateTime previous(String cron, ZonedDateTime now) {
        CronExpression expression = CronExpression.parse(cron);
        Duration window = Duration.ofMinutes(1);
        while (window.compareTo(LONGEST) <= 0) {
            ZonedDateTime candidate = expression.next(now.minus(window));
            if (candidate != null && !candidate.isAfter(now)) {
                ZonedDateTime later;
                while ((later = expression.next(candidate)) != null && !later.isAfter(now)) {
                    candidate = later;
                }
                return candidate;
            }
            window = window.multipliedBy(2);
        }
        return null;
    }
}
