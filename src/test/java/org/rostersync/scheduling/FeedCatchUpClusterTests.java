package org.rostersync.scheduling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.rostersync.scheduling.FeedSchedulingClusterTests.ROSTER;
import static org.rostersync.scheduling.FeedSchedulingClusterTests.awaitCheckIns;
import static org.rostersync.scheduling.FeedSchedulingClusterTests.awaitLullBetweenFirings;
import static org.rostersync.scheduling.FeedSchedulingClusterTests.coalescedFirings;
import static org.rostersync.scheduling.FeedSchedulingClusterTests.node;
import static org.rostersync.scheduling.FeedSchedulingClusterTests.stop;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.rostersync.support.PostgresTestDatabase;
import org.rostersync.support.TestSftpServer;
import org.rostersync.support.Waiting;

/**
 * Firings of a feed that came due while the feed was busy, or while no node was up, run once, not one after another:
 * Quartz holds them (the job allows no concurrent firing, and a firing less than {@code misfireThreshold} late is
 * not a misfire) and used to fire them back to back, each a full run of the same file. Nodes are child JVMs on one
 * PostgreSQL database, two feeds fire every 2 seconds (see {@link FeedSchedulingClusterTests}).
 */
class FeedCatchUpClusterTests {

    /** A run's download may wait on the stalled SFTP server for longer than the tests' usual 5 seconds. */
    static final List<String> PATIENT = List.of("rostersync.sftp.read-timeout=PT60S");

    @AfterEach
    void behaveNormally() {
        TestSftpServer.behaveNormally();
    }

    @Test
    void firingsThatCameDueWhileALongRunWasInProgressRunOnceAfterIt() throws Exception {
        // given: two nodes, each feed's first firings done
        String url = database();
        Process node1 = node(url, 5, PATIENT);
        Process node2 = node(url, 6, PATIENT);
        long stalledFrom;
        try (Connection db = DriverManager.getConnection(url, "postgres", "")) {
            awaitCheckIns(db, node1, node2);
            awaitFirstRuns(db);

            // when: the SFTP server stalls each read for 9 seconds until a run of each feed has waited on it a
            // while, so the next firings of both feeds come due while those runs download
            awaitLullBetweenFirings(db);
            stalledFrom = latestRun(db);
            TestSftpServer.stallReads(9_000);
            Waiting.upTo(Duration.ofSeconds(60), "a run of each feed to wait on the stalled server")
                    .until(() -> count(db, """
                            SELECT COUNT(DISTINCT feed_id) FROM import_run
                             WHERE id > ? AND status = 'RUNNING' AND started_at < now() - INTERVAL '3 seconds'""",
                            stalledFrom) == 2);
            TestSftpServer.behaveNormally();
            Waiting.upTo(Duration.ofSeconds(90), "the feeds' schedules to go on after their long runs")
                    .until(() -> goesOnAfterLongRun(db, "cluster-a", stalledFrom)
                            && goesOnAfterLongRun(db, "cluster-b", stalledFrom));
        } finally {
            stop(node1);
            stop(node2);
        }

        // then: per feed, one run for all the firings that came due during its long run, right after it
        Set<String> leftToALaterFiring = coalescedFirings(5, 6);
        try (Connection db = DriverManager.getConnection(url, "postgres", "")) {
            for (String feed : List.of("cluster-a", "cluster-b")) {
                Run longRun = longRun(db, feed, stalledFrom);
                List<Run> after = runs(db, feed).stream().filter(run -> run.scheduledFor()
                        .isAfter(longRun.scheduledFor())).toList();
                List<Instant> dueMeanwhile = dueBetween(longRun.scheduledFor(), longRun.endedAt());

                assertThat(dueMeanwhile).as("firings of %s due during its long run", feed).hasSizeGreaterThan(2);
                assertThat(after.stream().filter(run -> !run.scheduledFor().isAfter(longRun.endedAt())))
                        .as("runs of %s for the firings due during its long run %s", feed, longRun)
                        .hasSizeLessThanOrEqualTo(1);
                assertThat(Duration.between(longRun.endedAt(), after.get(0).queuedAt()))
                        .as("from the long run of %s to the next", feed).isLessThan(Duration.ofSeconds(5));
                assertNoReplays(feed, after, leftToALaterFiring, longRun.scheduledFor());
            }
        }
    }

    @Test
    void firingsThatCameDueWhileTheOnlyNodeWasDownAndStartingRunOnceWhenItIsUp() throws Exception {
        // given: one node, each feed's first firings done
        String url = database();
        Process first = node(url, 7);
        Process restarted = null;
        long before;
        Instant down;
        try (Connection db = DriverManager.getConnection(url, "postgres", "")) {
            awaitCheckIns(db, first);
            awaitFirstRuns(db);

            // when: it stops, and a node starts again after 7 s down (a start-up adds more): at least three firings
            // of each 2-second feed come due while no node is up, however fast the machine starts a node
            awaitLullBetweenFirings(db);
            stop(first);
            down = Instant.now();
            before = latestRun(db);
            Thread.sleep(Math.max(0, Duration.ofSeconds(7).minus(Duration.between(down, Instant.now())).toMillis()));
            restarted = node(url, 8);
            Process node = restarted;
            Waiting.upTo(Duration.ofSeconds(180), "the restarted node to run both feeds (see"
                    + " target/cluster-node-8.log)").failFast("the restarted node ended", () -> !node.isAlive())
                    .until(() -> runs(db, "cluster-a").stream().filter(run -> run.id() > before).count() >= 3
                            && runs(db, "cluster-b").stream().filter(run -> run.id() > before).count() >= 3);
        } finally {
            stop(first);
            if (restarted != null) {
                stop(restarted);
            }
        }

        // then: per feed, one run for all the firings missed while no node was up, then the schedule
        Set<String> leftToALaterFiring = coalescedFirings(8);
        try (Connection db = DriverManager.getConnection(url, "postgres", "")) {
            for (String feed : List.of("cluster-a", "cluster-b")) {
                Run last = runs(db, feed).stream().filter(run -> run.id() <= before).reduce((a, b) -> b)
                        .orElseThrow();
                List<Run> after = runs(db, feed).stream().filter(run -> run.id() > before).toList();

                assertThat(Duration.between(down, after.get(0).queuedAt())).as("time without a node")
                        .isGreaterThan(Duration.ofSeconds(6));
                assertThat(dueBetween(last.scheduledFor(), after.get(0).queuedAt()))
                        .as("firings of %s missed while no node was up", feed).hasSizeGreaterThan(2);
                assertNoReplays(feed, after, leftToALaterFiring, last.scheduledFor());
            }
        }
    }

    /**
     * The runs after {@code from} ran on time, each before its next firing came due (give or take the time it
     * takes to queue a run): none was a replay of a firing long past. And every firing between them without a run
     * was left to a later one, as the node's log says: none was lost.
     */
    private static void assertNoReplays(String feed, List<Run> after, Set<String> leftToALaterFiring, Instant from) {
        assertThat(after).as("runs of %s", feed).hasSizeGreaterThanOrEqualTo(2);
        for (Run run : after) {
            assertThat(Duration.between(run.scheduledFor(), run.queuedAt())).as("how late run %s of %s came, after"
                    + " %s", run, feed, after).isLessThan(Duration.ofSeconds(4));
        }
        Instant previous = from;
        for (Run run : after) {
            for (Instant due : dueBetween(previous, run.scheduledFor().minusSeconds(2))) {
                assertThat(leftToALaterFiring).as("the firings of %s left to a later one", feed)
                        .contains(feed + " " + due);
            }
            previous = run.scheduledFor();
        }
    }

    /** Whether the feed ran a long run after {@code from}, and the schedule went on for 5 seconds after it. */
    private static boolean goesOnAfterLongRun(Connection db, String feed, long from) throws Exception {
        Run longRun = longRun(db, feed, from);
        return longRun != null && Duration.between(longRun.startedAt(), longRun.endedAt()).toSeconds() >= 8
                && runs(db, feed).stream().anyMatch(run -> run.startedAt().isAfter(longRun.endedAt().plusSeconds(5)));
    }

    /** The feed's longest run after run {@code from}. */
    private static Run longRun(Connection db, String feed, long from) throws Exception {
        return runs(db, feed).stream().filter(run -> run.id() > from).max(java.util.Comparator.comparing(
                run -> Duration.between(run.startedAt(), run.endedAt()))).orElse(null);
    }

    record Run(long id, Instant scheduledFor, Instant queuedAt, Instant startedAt, Instant endedAt) {
    }

    private static String database() {
        TestSftpServer.start();
        TestSftpServer.put("cluster-a.csv", ROSTER);
        TestSftpServer.put("cluster-b.csv", ROSTER.replace("Ann", "Anna"));
        return PostgresTestDatabase.create("rostersync_catchup_" + UUID.randomUUID().toString().replace("-", "")
                .substring(0, 12));
    }

    /** The feed's scheduled runs that ended, by firing. */
    private static List<Run> runs(Connection db, String feed) throws Exception {
        List<Run> runs = new ArrayList<>();
        try (PreparedStatement statement = db.prepareStatement("""
                SELECT id, scheduled_for, queued_at, started_at, ended_at FROM import_run
                 WHERE feed_id = ? AND ended_at IS NOT NULL ORDER BY scheduled_for""")) {
            statement.setString(1, feed);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    runs.add(new Run(rs.getLong(1), rs.getObject(2, OffsetDateTime.class).toInstant(),
                            rs.getObject(3, OffsetDateTime.class).toInstant(),
                            rs.getObject(4, OffsetDateTime.class).toInstant(),
                            rs.getObject(5, OffsetDateTime.class).toInstant()));
                }
            }
        }
        return runs;
    }

    /** The firings of a 2-second schedule after {@code from} up to {@code to}. */
    private static List<Instant> dueBetween(Instant from, Instant to) {
        List<Instant> due = new ArrayList<>();
        for (Instant at = from.plusSeconds(2); !at.isAfter(to); at = at.plusSeconds(2)) {
            due.add(at);
        }
        return due;
    }

    private static void awaitFirstRuns(Connection db) {
        Waiting.upTo(Duration.ofSeconds(180), "the feeds' first runs (see target/cluster-node-*.log)")
                .ignoreExceptionsInstanceOf(java.sql.SQLException.class)
                .until(() -> count(db, "SELECT COUNT(DISTINCT feed_id) FROM import_run WHERE status = 'COMPLETED'")
                        == 2);
    }

    private static long latestRun(Connection db) throws Exception {
        return count(db, "SELECT COALESCE(MAX(id), 0) FROM import_run");
    }

    private static long count(Connection db, String sql, Object... params) throws java.sql.SQLException {
        try (PreparedStatement statement = db.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                statement.setObject(i + 1, params[i]);
            }
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
