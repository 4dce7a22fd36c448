package org.rostersync.scheduling;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.rostersync.RosterSyncApplication;
import org.rostersync.support.PostgresTestDatabase;
import org.rostersync.support.TestSftpServer;
import org.rostersync.support.Waiting;

/**
 * Two nodes share one PostgreSQL database and its clustered Quartz store; two feeds fire every 2 seconds. Every
 * firing must become exactly one run, on one node or the other. Each node is its own JVM, as in production (Spring's
 * Quartz job store registers its data source per scheduler name JVM-wide, so two nodes of one cluster cannot share
 * a JVM). The first node leaves half-way (a graceful stop) and the second must carry on without a gap; or a node is
 * killed in the middle of a run, and the other must restart and finish that run and run the feeds' firings from then on.
 */
class FeedSchedulingClusterTests {

    static final String ROSTER = "Student ID,First Name,Last Name,Grade\n1,Ann,Lee,9\n2,Bo,Chen,9\n";

    @Test
    void everyFiringOfEveryFeedRunsExactlyOnceAcrossTwoNodes() throws Exception {
        // given: two nodes on one database, two feeds on a 2-second schedule
        String url = PostgresTestDatabase.create("rostersync_cluster_" + UUID.randomUUID().toString()
                .replace("-", "").substring(0, 12));
        TestSftpServer.start();
        TestSftpServer.put("cluster-a.csv", ROSTER);
        TestSftpServer.put("cluster-b.csv", ROSTER.replace("Ann", "Anna"));
        Process node1 = node(url, 1);
        Process node2 = node(url, 2);

        // when: both run the schedule for a while, then the node that has been running the firings leaves and the
        // other carries on alone
        try (Connection db = DriverManager.getConnection(url, "postgres", "")) {
            awaitCheckIns(db, node1, node2);
            Thread.sleep(5_000);
            awaitLullBetweenFirings(db);
            stop(busiest(db, node1, node2));
            Thread.sleep(5_000);
            awaitLullBetweenFirings(db);
        } finally {
            node1.destroy();
            node2.destroy();
            stop(node1);
            stop(node2);
        }

        // then
        Map<String, List<Instant>> firings = new LinkedHashMap<>();
        Set<String> statuses = new HashSet<>();
        Set<String> nodes = new HashSet<>();
        try (Connection db = DriverManager.getConnection(url, "postgres", "");
                Statement statement = db.createStatement();
                ResultSet rs = statement.executeQuery("""
                        SELECT feed_id, scheduled_for, status, node_id, trigger_type FROM import_run
                         ORDER BY feed_id, scheduled_for""")) {
            while (rs.next()) {
                assertThat(rs.getString("trigger_type")).isEqualTo("SCHEDULED");
                firings.computeIfAbsent(rs.getString("feed_id"), f -> new ArrayList<>())
                        .add(rs.getObject("scheduled_for", OffsetDateTime.class).toInstant());
                statuses.add(rs.getString("status"));
                nodes.add(rs.getString("node_id"));
            }
        }
        assertThat(firings).containsOnlyKeys("cluster-a", "cluster-b");
        Set<String> leftToALaterFiring = coalescedFirings(1, 2);
        firings.forEach((feed, times) -> {
            assertThat(times).as("firings of %s", feed).hasSizeGreaterThanOrEqualTo(3).doesNotHaveDuplicates();
            for (int i = 1; i < times.size(); i++) {
                // a firing that ran so late that the next one was due too (a slow machine) ran as that one
                for (Instant between = times.get(i - 1).plusSeconds(2); between.isBefore(times.get(i));
                        between = between.plusSeconds(2)) {
                    assertThat(leftToALaterFiring).as("gap in the firings of %s: %s", feed, times)
                            .contains(feed + " " + between);
                }
                assertThat(Duration.between(times.get(i - 1), times.get(i)).toMillis() % 2_000)
                        .as("firings of %s: %s", feed, times).isZero();
            }
        });
        assertThat(statuses).containsOnly("COMPLETED");
        assertThat(nodes).as("nodes that ran firings").containsExactlyInAnyOrder("node-1", "node-2");
    }

    @Test
    void aNodeKilledMidRunLeavesNoStuckFeedAndTheOtherNodeRunsTheSchedule() throws Exception {
        // given: two nodes on one database; feed a's file is large enough for its load step to take a while
        String url = clusterWithALargeFeedA('A');
        Process node1 = node(url, 1);
        Process node2 = node(url, 2);
        long killedRun;
        String survivor;
        try (Connection db = DriverManager.getConnection(url, "postgres", "")) {
            awaitCheckIns(db, node1, node2);

            // when: the node running feed a is killed in the middle of the load step
            String[] running = awaitLoading(db);
            killedRun = Long.parseLong(running[0]);
            Process victim = "node-1".equals(running[1]) ? node1 : node2;
            survivor = "node-1".equals(running[1]) ? "node-2" : "node-1";
            victim.destroyForcibly();
            victim.waitFor(30, TimeUnit.SECONDS);
            java.time.LocalDateTime killedAt = java.time.LocalDateTime.now();

            // then: the other node restarts the run, finishes it, and runs the feed's schedule again
            String completed = Waiting.upTo(Duration.ofSeconds(150),
                    "a later run of feed a to complete (see target/cluster-node-*.log)")
                    .pollInterval(Duration.ofMillis(200)).until(() -> {
                        try (Statement statement = db.createStatement(); ResultSet rs = statement.executeQuery(
                                "SELECT node_id FROM import_run WHERE feed_id = 'cluster-a' AND status = 'COMPLETED'"
                                        + " AND id > " + killedRun)) {
                            return rs.next() ? rs.getString(1) : null;
                        }
                    }, Objects::nonNull);
            assertThat(completed).as("the node that ran a later run of feed a").isEqualTo(survivor);
            try (Statement statement = db.createStatement(); ResultSet rs = statement.executeQuery(
                    "SELECT r.status, r.message, r.node_id, e.start_time FROM import_run r"
                            + " JOIN batch_job_execution e ON e.job_execution_id = r.job_execution_id"
                            + " WHERE r.id = " + killedRun)) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("COMPLETED");
                assertThat(rs.getString(2)).contains("stopped before it ended; node " + survivor
                        + " restarted it at its load step");
                assertThat(rs.getString(3)).isEqualTo(survivor);
                // by the first firing the survivor took over (the cluster declares a node failed within about
                // 15 s), while the firings in between were skipped; Spring Batch stores the node's local time
                assertThat(Duration.between(killedAt, rs.getObject(4, java.time.LocalDateTime.class)))
                        .as("from the kill to the restart of its run").isLessThan(Duration.ofSeconds(45));
            }
        } finally {
            node1.destroy();
            node2.destroy();
            stop(node1);
            stop(node2);
        }
    }

    @Test
    void aNodeStoppedMidRunLeavesItsPulledRunToTheOtherNodeWhichFinishesIt() throws Exception {
        // given: two nodes on one database; feed a's file is large enough for its load step to take a while
        String url = clusterWithALargeFeedA('S');
        Process node1 = node(url, 1);
        Process node2 = node(url, 2);
        try (Connection db = DriverManager.getConnection(url, "postgres", "")) {
            awaitCheckIns(db, node1, node2);

            // when: the node running feed a is stopped (SIGTERM, as a deployment stops it) in the middle of the load
            String[] running = awaitLoading(db);
            long stoppedRun = Long.parseLong(running[0]);
            Process stopping = "node-1".equals(running[1]) ? node1 : node2;
            String survivor = "node-1".equals(running[1]) ? "node-2" : "node-1";
            stop(stopping);

            // then: the run is not failed but finished by the other node, the same run, after the chunks committed
            Waiting.upTo(Duration.ofSeconds(150), "run " + stoppedRun + " to end (see target/cluster-node-*.log)")
                    .pollInterval(Duration.ofMillis(200)).until(() -> {
                        try (Statement statement = db.createStatement(); ResultSet rs = statement.executeQuery(
                                "SELECT status FROM import_run WHERE id = " + stoppedRun)) {
                            rs.next();
                            return !List.of("QUEUED", "RUNNING").contains(rs.getString(1));
                        }
                    });
            try (Statement statement = db.createStatement(); ResultSet rs = statement.executeQuery(
                    "SELECT status, message, node_id, created FROM import_run WHERE id = " + stoppedRun)) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("COMPLETED");
                assertThat(rs.getString(2)).contains("stopped before it ended; node " + survivor
                        + " restarted it at its load step, after the")
                        .doesNotContain("Stopped cleanly");
                assertThat(rs.getString(3)).isEqualTo(survivor);
                assertThat(rs.getInt(4)).isEqualTo(150_000);
            }
            try (Statement statement = db.createStatement(); ResultSet rs = statement.executeQuery(
                    "SELECT COUNT(*), COUNT(DISTINCT username) FROM student_account WHERE school_id = 'lincoln'")) {
                rs.next();
                assertThat(rs.getInt(1)).as("each student of the file once").isEqualTo(150_000);
                assertThat(rs.getInt(2)).isEqualTo(150_000);
            }
        } finally {
            node1.destroy();
            node2.destroy();
            stop(node1);
            stop(node2);
        }
    }

    /**
     * A database of its own, and the SFTP server serving feed a a file of 150,000 students (Student IDs with the given
     * prefix), large enough for its load step to take a while, and feed b a small one; the database's URL.
     */
    private static String clusterWithALargeFeedA(char idPrefix) {
        String url = PostgresTestDatabase.create("rostersync_cluster_" + UUID.randomUUID().toString()
                .replace("-", "").substring(0, 12));
        TestSftpServer.start();
        StringBuilder large = new StringBuilder("Student ID,First Name,Last Name,Grade\n");
        for (int i = 1; i <= 150_000; i++) {
            large.append(idPrefix).append(i).append(",First").append((char) ('a' + i % 26)).append(",Last")
                    .append((char) ('a' + i % 17)).append(",9\n");
        }
        TestSftpServer.put("cluster-a.csv", large.toString());
        TestSftpServer.put("cluster-b.csv", ROSTER);
        return url;
    }

    /** Waits until a run of feed a is in its load step with a chunk committed; its id and node. */
    private static String[] awaitLoading(Connection db) {
        return Waiting.upTo(Duration.ofSeconds(120),
                "a run of feed a to reach its load step (see target/cluster-node-*.log)")
                .pollInterval(Duration.ofMillis(50))
                // the nodes may still be creating the tables
                .ignoreExceptionsInstanceOf(java.sql.SQLException.class).until(() -> {
                    try (Statement statement = db.createStatement(); ResultSet rs = statement.executeQuery("""
                            SELECT r.id, r.node_id FROM import_run r
                              JOIN batch_step_execution s ON s.job_execution_id = r.job_execution_id
                             WHERE r.feed_id = 'cluster-a' AND r.status = 'RUNNING' AND s.step_name = 'load'
                               AND s.status = 'STARTED' AND s.commit_count >= 1""")) {
                        return rs.next() ? new String[] { rs.getString(1), rs.getString(2) } : null;
                    }
                }, Objects::nonNull);
    }

    /** Waits until both nodes are members of the cluster (each has checked in to Quartz's state table). */
    static void awaitCheckIns(Connection db, Process... nodes) {
        Waiting.upTo(Duration.ofSeconds(120), "the nodes to join the cluster (see target/cluster-node-*.log)")
                .pollInterval(Duration.ofMillis(200))
                .failFast("a node process ended (see target/cluster-node-*.log)",
                        () -> Stream.of(nodes).anyMatch(node -> !node.isAlive()))
                // the nodes may still be creating the tables
                .ignoreExceptionsInstanceOf(java.sql.SQLException.class).until(() -> {
                    try (Statement statement = db.createStatement();
                            ResultSet rs = statement.executeQuery("SELECT COUNT(*) FROM qrtz_scheduler_state")) {
                        rs.next();
                        return rs.getInt(1) == nodes.length;
                    }
                });
    }

    /**
     * Waits until no run is in progress and the next firing (every even second) is at least half a second away. A
     * SIGTERM that meets a run still loading its file leaves it to the other node (see ImportShutdown, and the test
     * above): not what this test is about, so it stops nodes between firings.
     */
    static void awaitLullBetweenFirings(Connection db) {
        Waiting.upTo(Duration.ofSeconds(20), "a lull between firings with no run in progress"
                + " (see target/cluster-node-*.log)").until(() -> {
                    long inCycle = System.currentTimeMillis() % 2_000;
                    if (inCycle < 1_000 || inCycle >= 1_500) {
                        return false;
                    }
                    try (Statement statement = db.createStatement(); ResultSet rs = statement.executeQuery(
                            "SELECT COUNT(*) FROM import_run WHERE status IN ('QUEUED', 'RUNNING')")) {
                        rs.next();
                        return rs.getInt(1) == 0;
                    }
                });
    }

    /** The node that ran the latest firing. */
    private static Process busiest(Connection db, Process node1, Process node2) throws Exception {
        try (Statement statement = db.createStatement();
                ResultSet rs = statement.executeQuery("SELECT node_id FROM import_run ORDER BY id DESC LIMIT 1")) {
            assertThat(rs.next()).as("a firing ran").isTrue();
            return "node-1".equals(rs.getString(1)) ? node1 : node2;
        }
    }

    static Path log(int number) {
        return Path.of("target", "cluster-node-" + number + ".log");
    }

    /**
     * The firings ("feed instant") that the nodes' logs say were left to a later firing that was due too (see
     * FeedSyncJob).
     */
    static Set<String> coalescedFirings(int... nodes) throws java.io.IOException {
        Set<String> firings = new HashSet<>();
        java.util.regex.Pattern line = java.util.regex.Pattern.compile("Firing of feed (\\S+) for (\\S+) left to");
        for (int node : nodes) {
            for (String text : java.nio.file.Files.readAllLines(log(node))) {
                java.util.regex.Matcher found = line.matcher(text);
                if (found.find()) {
                    firings.add(found.group(1) + " " + found.group(2));
                }
            }
        }
        return firings;
    }

    static Process node(String url, int number) throws Exception {
        return node(url, number, List.of());
    }

    /** A node with two feeds that fire every 2 seconds, and {@code more} settings (name=value) none of its own. */
    static Process node(String url, int number, List<String> more) throws Exception {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx384m",
                "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                RosterSyncApplication.class.getName()));
        List<String> properties = new ArrayList<>(List.of(
                "spring.config.location=classpath:/application.yml,classpath:/application-test.yml",
                "spring.datasource.url=" + url,
                "spring.datasource.username=postgres",
                "spring.datasource.password=",
                "spring.quartz.auto-startup=true",
                "server.port=0",
                // production nodes keep instanceId AUTO (host name + start time); two JVMs started together on one
                // host could get the same one, so the test names them
                "spring.quartz.properties.org.quartz.scheduler.instanceId=node-" + number,
                // an idle node looks for triggers every second (default 30 s), so the survivor takes over at once
                "spring.quartz.properties.org.quartz.scheduler.idleWaitTime=1000",
                "rostersync.data-dir=./target/test-data/cluster-node-" + number,
                // a node is killed in the middle of a load step: every run takes the staged path
                "rostersync.import.first-import-in-one-pass=false"));
        for (String feed : List.of("a", "b")) {
            String key = "rostersync.feeds[" + (feed.equals("a") ? 0 : 1) + "].";
            properties.addAll(List.of(key + "id=cluster-" + feed, key + "scope=SCHOOL",
                    key + "school=" + (feed.equals("a") ? "lincoln" : "washington"), key + "source=SFTP",
                    key + "schedule=CRON */2 * * * * ?", key + "sftp.host=127.0.0.1",
                    key + "sftp.port=" + TestSftpServer.port(), key + "sftp.username=" + TestSftpServer.USER,
                    key + "sftp.password=" + TestSftpServer.PASSWORD,
                    key + "sftp.known-hosts=" + TestSftpServer.DIR.resolve("known_hosts"),
                    key + "sftp.path=cluster-" + feed + ".csv"));
        }
        properties.addAll(more);
        properties.forEach(p -> command.add("--" + p));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log(number).toFile()).start();
    }

    /** SIGTERM: Spring shuts down gracefully and Quartz waits for the runs in progress. */
    static void stop(Process node) throws InterruptedException {
        node.destroy();
        if (!node.waitFor(30, TimeUnit.SECONDS)) {
            node.destroyForcibly();
        }
    }
}
