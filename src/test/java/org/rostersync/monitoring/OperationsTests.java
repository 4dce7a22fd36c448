package org.rostersync.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.rostersync.support.ApiClient;
import org.rostersync.sync.RunStatus;
import org.rostersync.sync.ImportRun;
import org.rostersync.sync.internal.run.RunHistory;
import org.rostersync.support.DatabaseTestSupport;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.health.actuate.endpoint.HttpCodeStatusMapper;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;

import tools.jackson.databind.JsonNode;

/** Actuator over real HTTP on H2 and PostgreSQL: who sees what, the feeds' health, and the run metrics. */
abstract class OperationsTests extends DatabaseTestSupport {

    static final String HEADER = "Student ID,First Name,Last Name,Grade\n";

    @LocalServerPort
    int port;

    @Autowired
    HttpCodeStatusMapper statusCodes;

    @Test
    void healthIsOpenWithoutDetailsAndAdminsSeeDatabaseSchedulerAndFeeds() {
        // when
        ApiClient.Response anonymous = ApiClient.anonymous(port).get("/actuator/health");
        ApiClient.Response admin = ApiClient.as(port, "admin", "admin-secret").get("/actuator/health");

        // then
        assertThat(anonymous.status()).isEqualTo(200);
        assertThat(anonymous.json().get("status").asString()).isEqualTo("UP");
        assertThat(anonymous.json().has("components")).isFalse();
        JsonNode components = admin.json().get("components");
        assertThat(components.get("db").get("status").asString()).isEqualTo("UP");
        assertThat(components.get("scheduler").get("status").asString()).isEqualTo("UP");
        // the shared test contexts keep Quartz in standby on purpose (spring.quartz.auto-startup=false)
        assertThat(components.get("scheduler").get("details").get("state").asString()).startsWith("standby by");
        assertThat(components.get("feeds").get("details").get("lincoln-upload").asString()).isEqualTo("NEVER_RAN");
        // a mail server outage never takes the node out (mail is configured in these tests)
        assertThat(components.has("mail")).isFalse();
        // the mapping that keeps DEGRADED at 200 keeps a DOWN node at 503 for load balancers
        assertThat(statusCodes.getStatusCode(Status.DOWN)).isEqualTo(503);
        assertThat(statusCodes.getStatusCode(Status.OUT_OF_SERVICE)).isEqualTo(503);
        assertThat(statusCodes.getStatusCode(FeedHealthIndicator.DEGRADED)).isEqualTo(200);
        assertThat(statusCodes.getStatusCode(Status.UP)).isEqualTo(200);
    }

    @Test
    void theOperatorSeesTheHealthOfEveryDistrictsFeeds() {
        // given: a feed of springfield failed
        long failed = importFile("lincoln-upload", "First Name,Last Name,Grade\nAnn,Lee,3\n").runId();

        // when
        ApiClient.Response operator = ApiClient.as(port, "operator", "operator-secret").get("/actuator/health");

        // then
        assertThat(operator.status()).isEqualTo(200);
        JsonNode feeds = operator.json().get("components").get("feeds").get("details");
        assertThat(feeds.get("lincoln-upload").asString()).isEqualTo("FAILED (run " + failed + ")");
        assertThat(feeds.get("shelby-upload").asString()).isEqualTo("NEVER_RAN");
        assertThat(operator.json().get("components").get("db").get("status").asString()).isEqualTo("UP");
        // runs the deployment, not a district: no students, no runs
        ApiClient api = ApiClient.as(port, "operator", "operator-secret");
        assertThat(api.get("/api/schools/lincoln/students").status()).isEqualTo(403);
        assertThat(api.get("/api/runs").json()).isEmpty();
        assertThat(api.get("/api/runs/" + failed).status()).isEqualTo(403);
    }

    @Test
    void aFeedWhoseLastRunFailedMakesHealthDegradedUntilAGoodRun() {
        // given
        ApiClient admin = ApiClient.as(port, "admin", "admin-secret");

        // when
        long failed = importFile("lincoln-upload", "First Name,Last Name,Grade\nAnn,Lee,3\n").runId();
        ApiClient.Response degraded = admin.get("/actuator/health");

        // then: still 200 (the node serves), but an operator can see which feed needs a look
        assertThat(degraded.status()).isEqualTo(200);
        assertThat(degraded.json().get("status").asString()).isEqualTo("DEGRADED");
        JsonNode feeds = degraded.json().get("components").get("feeds");
        assertThat(feeds.get("status").asString()).isEqualTo("DEGRADED");
        assertThat(feeds.get("details").get("lincoln-upload").asString()).isEqualTo("FAILED (run " + failed + ")");

        // when: a dry run of a good file says nothing about the feed's imports
        importFile("lincoln-upload", (HEADER + "1,Ann,Lee,3\n").getBytes(java.nio.charset.StandardCharsets.UTF_8),
                true, false);

        // then
        assertThat(admin.get("/actuator/health").json().get("status").asString()).isEqualTo("DEGRADED");

        // when
        importFile("lincoln-upload", HEADER + "1,Ann,Lee,3\n");

        // then
        assertThat(admin.get("/actuator/health").json().get("status").asString()).isEqualTo("UP");
    }

    @Test
    void aDistrictAdminSeesTheHealthOfTheirDistrictsFeedsOnly() {
        // given: a feed of springfield failed
        long failed = importFile("lincoln-upload", "First Name,Last Name,Grade\nAnn,Lee,3\n").runId();

        // when
        ApiClient.Response springfield = ApiClient.as(port, "admin", "admin-secret").get("/actuator/health");
        ApiClient.Response shelbyville = ApiClient.as(port, "shelbyville-admin", "shelby-secret")
                .get("/actuator/health");
        ApiClient.Response anonymous = ApiClient.anonymous(port).get("/actuator/health");

        // then: the status is the deployment's for everyone; the feeds named are the caller's district's
        assertThat(anonymous.json().get("status").asString()).isEqualTo("DEGRADED");
        JsonNode own = springfield.json().get("components").get("feeds");
        assertThat(own.get("status").asString()).isEqualTo("DEGRADED");
        assertThat(own.get("details").get("lincoln-upload").asString()).isEqualTo("FAILED (run " + failed + ")");
        assertThat(own.get("details").has("shelby-upload")).isFalse();
        JsonNode other = shelbyville.json().get("components").get("feeds");
        assertThat(other.get("status").asString()).isEqualTo("DEGRADED");
        assertThat(other.get("details").get("shelby-upload").asString()).isEqualTo("NEVER_RAN");
        assertThat(other.get("details").has("lincoln-upload")).isFalse();
        assertThat(other.toString()).doesNotContain("springfield", "lincoln", "run " + failed);
    }

    @Test
    void runsAreMeasuredPerFeedAndOnlyTheOperatorReadsMetrics() {
        // given
        ApiClient operator = ApiClient.as(port, "operator", "operator-secret");
        ApiClient admin = ApiClient.as(port, "admin", "admin-secret");
        double before = counter(operator, "rostersync.run.created.accounts", "washington-upload");

        // when
        importFile("washington-upload", HEADER + "1,Ann,Lee,3\n2,Bob,Ray,3\n3,Cy,,3\n");

        // then
        assertThat(counter(operator, "rostersync.run.created.accounts", "washington-upload")).isEqualTo(before + 2);
        ApiClient.Response timer = operator.get("/actuator/metrics/rostersync.run.duration?tag=feed:washington-upload");
        assertThat(timer.status()).isEqualTo(200);
        assertThat(timer.json().get("measurements").get(0).get("value").asDouble()).isGreaterThanOrEqualTo(1);
        ApiClient.Response prometheus = operator.get("/actuator/prometheus", MediaType.TEXT_PLAIN);
        assertThat(prometheus.status()).isEqualTo(200);
        assertThat(prometheus.text()).contains("rostersync_run_rejected_total{feed=\"washington-upload\"",
                "rostersync_run_created_accounts_total{feed=\"washington-upload\"",
                "rostersync_run_duration_seconds_count{");
        assertThat(ApiClient.anonymous(port).get("/actuator/prometheus").status()).isEqualTo(401);
        assertThat(ApiClient.as(port, "lincoln-teacher", "teacher-secret").get("/actuator/metrics").status())
                .isEqualTo(403);
        assertThat(operator.get("/actuator/info").json().get("app").get("name").asString()).isEqualTo("roster-sync");
        // the metrics span every district: a district's admin reads none of them
        assertThat(admin.get("/actuator/prometheus", MediaType.TEXT_PLAIN).status()).isEqualTo(403);
        assertThat(admin.get("/actuator/metrics").status()).isEqualTo(403);
        assertThat(admin.get("/actuator/info").status()).isEqualTo(403);
        assertThat(ApiClient.as(port, "shelbyville-admin", "shelby-secret").get("/actuator/prometheus",
                MediaType.TEXT_PLAIN).status()).isEqualTo(403);
    }

    @Test
    void deactivationsApprovedAfterAHoldAreCounted() {
        // given: 10 students, then a file that loses 6 of them, held by the guard
        ApiClient operator = ApiClient.as(port, "operator", "operator-secret");
        StringBuilder ten = new StringBuilder(HEADER);
        for (int i = 1; i <= 10; i++) {
            ten.append("M").append(i).append(",Kid,Held").append((char) ('a' + i)).append(",5\n");
        }
        importFile("adams-guarded", ten.toString());
        ImportRun held = importFile("adams-guarded", ten.substring(0, ten.indexOf("M5,")));
        assertThat(held.status()).isEqualTo(RunStatus.HELD);
        double before = counter(operator, "rostersync.run.deactivated", "adams-guarded");

        // when
        importRuns.approve(held.runId(), "admin");

        // then
        assertThat(counter(operator, "rostersync.run.deactivated", "adams-guarded")).isEqualTo(before + 6);
    }

    @Test
    void aRevertIsMeasuredLikeTheRunsOfItsFeed() {
        // given: a run that created two students nobody has used yet
        ApiClient operator = ApiClient.as(port, "operator", "operator-secret");
        importFile("adams-guarded", HEADER + "R1,Rae,Undo,5\n");
        ImportRun bad = importFile("adams-guarded", HEADER + "R1,Rae,Undo,5\nR2,Ria,Undo,5\nR3,Rob,Undo,5\n");
        double deactivated = counter(operator, "rostersync.run.deactivated", "adams-guarded");
        double completed = timerCount(operator, "adams-guarded", "COMPLETED");

        // when
        importRuns.revert(bad.runId(), "admin");

        // then: the two accounts it retired are counted, and the revert run is timed
        assertThat(counter(operator, "rostersync.run.deactivated", "adams-guarded")).isEqualTo(deactivated + 2);
        assertThat(timerCount(operator, "adams-guarded", "COMPLETED")).isEqualTo(completed + 1);
    }

    @Test
    void everyForeignKeyOfTheSchemaHasAnIndexSoLookupsStayFastAsRunsPileUp() throws java.sql.SQLException {
        // Spring Batch looks a run's job and step executions up by these keys at every launch and step, and the
        // progress bars by the step's; PostgreSQL indexes no foreign key by itself, so a year of nightly runs made
        // each look-up a scan of every execution ever recorded
        String sql;
        try (var connection = jdbc.getDataSource().getConnection()) {
            sql = connection.getMetaData().getDatabaseProductName().equals("PostgreSQL")
                    ? """
                      SELECT c.conrelid::regclass::text || '.' || c.conname FROM pg_constraint c
                       WHERE c.contype = 'f' AND c.connamespace = 'public'::regnamespace
                         AND NOT EXISTS (SELECT 1 FROM pg_index i WHERE i.indrelid = c.conrelid
                                            AND (i.indkey::int2[])[0:cardinality(c.conkey) - 1] = c.conkey)"""
                    : """
                      SELECT k.TABLE_NAME || '.' || k.CONSTRAINT_NAME
                        FROM INFORMATION_SCHEMA.TABLE_CONSTRAINTS t
                        JOIN INFORMATION_SCHEMA.KEY_COLUMN_USAGE k ON k.CONSTRAINT_SCHEMA = t.CONSTRAINT_SCHEMA
                                                                  AND k.CONSTRAINT_NAME = t.CONSTRAINT_NAME
                       WHERE t.CONSTRAINT_TYPE = 'FOREIGN KEY' AND t.CONSTRAINT_SCHEMA = 'PUBLIC'
                         AND k.ORDINAL_POSITION = 1
                         AND NOT EXISTS (SELECT 1 FROM INFORMATION_SCHEMA.INDEX_COLUMNS i
                                          WHERE i.TABLE_SCHEMA = k.TABLE_SCHEMA AND i.TABLE_NAME = k.TABLE_NAME
                                            AND i.COLUMN_NAME = k.COLUMN_NAME AND i.ORDINAL_POSITION = 1)""";
        }
        List<String> foreignKeys = jdbc.queryForList(sql.replace("NOT EXISTS", "TRUE OR NOT EXISTS"), String.class);

        // then
        assertThat(foreignKeys).as("foreign keys (the check sees them)").hasSizeGreaterThanOrEqualTo(6);
        assertThat(jdbc.queryForList(sql, String.class)).as("foreign keys without an index").isEmpty();
    }

    @Autowired
    RunHistory runHistory;

    @Test
    void theDetailsOfRunsPastTheRetentionAreDeletedAndWhatTheRulesStillNeedIsKept() {
        // given: on lincoln, a run with a rejected row, a dry run and the feed's latest applied run; on adams, a run
        // held by the guard (still approvable: only a failed run came after it); then 91 days go by (P90D)
        ApiClient admin = ApiClient.as(port, "admin", "admin-secret");
        ImportRun first = importFile("lincoln-upload", HEADER + "L1,Ann,Lee,3\nL2,Bob,Ray,\n");
        ImportRun dry = importFile("lincoln-upload", (HEADER + "L1,Ann,Lee,3\n").getBytes(
                java.nio.charset.StandardCharsets.UTF_8), true, false);
        ImportRun latest = importFile("lincoln-upload", HEADER + "L1,Ann,Lee,3\nL3,Cy,Day,4\n");
        StringBuilder ten = new StringBuilder(HEADER);
        for (int i = 1; i <= 10; i++) {
            ten.append("H").append(i).append(",Kid,Held").append((char) ('a' + i)).append(",5\n");
        }
        importFile("adams-guarded", ten.toString());
        ImportRun held = importFile("adams-guarded", ten.substring(0, ten.indexOf("H5,")));
        ImportRun failed = importFile("adams-guarded", HEADER);
        assertThat(held.status()).isEqualTo(RunStatus.HELD);
        assertThat(failed.status()).isEqualTo(RunStatus.FAILED);
        int events = jdbc.queryForObject("SELECT COUNT(*) FROM account_event", Integer.class);
        int runs = jdbc.queryForObject("SELECT COUNT(*) FROM import_run", Integer.class);
        clock.advance(java.time.Duration.ofDays(91));

        // when
        int deleted = runHistory.deleteExpired();

        // then: the superseded and dry runs lost their plan, rejected rows, column map and Spring Batch records
        assertThat(deleted).isEqualTo(4); // first, dry, adams' first run, and the failed one
        for (ImportRun gone : List.of(first, dry, failed)) {
            assertThat(detailRows(gone.runId())).as("details of run %d", gone.runId()).isZero();
            assertThat(importRuns.detailsDeletedAt(gone.runId())).contains(clock.instant());
        }
        assertThat(admin.get("/api/runs/" + first.runId() + "/changes").json()).isEmpty();
        assertThat(admin.get("/api/runs/" + first.runId() + "/rejected-rows").json()).isEmpty();
        // the run record stays, with its counts and message, and so does every account's audit trail
        JsonNode kept = admin.get("/api/runs/" + first.runId()).json();
        assertThat(kept.get("status").asString()).isEqualTo("COMPLETED_WITH_ERRORS");
        assertThat(kept.get("counts").get("created").asInt()).isEqualTo(1);
        assertThat(kept.get("counts").get("rejected").asInt()).isEqualTo(1);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM import_run", Integer.class)).isEqualTo(runs);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM account_event", Integer.class)).isEqualTo(events);
        // the feed's latest applied run and the approvable held run keep everything
        for (ImportRun needed : List.of(latest, held)) {
            assertThat(importRuns.detailsDeletedAt(needed.runId())).isEmpty();
            assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM planned_change WHERE run_id = ?", Integer.class,
                    needed.runId())).isPositive();
            assertThat(batchRows(needed.runId())).isPositive();
        }
        // and what they are kept for still works: the held deactivations are approved, the latest run reverted
        assertThat(importRuns.approve(held.runId(), "admin")).isEqualTo(6);
        ImportRun revert = awaitRun(importRuns.revert(latest.runId(), "admin"));
        assertThat(revert.status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(account("L3").get("status")).isEqualTo("DEACTIVATED");
        assertThat(account("L1").get("status")).isNotEqualTo("DEACTIVATED");
    }

    @Test
    void oneNodeDeletesOldRunDetailsPerNightAndTheNextNightTakesUpWhatIsLeft() {
        // given: more old runs than one transaction takes, and a run past the retention that is still latest
        importFile("washington-upload", HEADER + "W1,Wes,Lee,6\n");
        for (int i = 0; i < RunHistory.BATCH + 4; i++) {
            jdbc.update("""
                    INSERT INTO import_run (feed_id, district_id, trigger_type, status, dry_run, forced, queued_at,
                                            started_at, ended_at, applied_at)
                    VALUES ('washington-upload', 'springfield', 'UPLOAD', 'COMPLETED', FALSE, FALSE, ?, ?, ?, ?)""",
                    java.sql.Timestamp.from(clock.instant()), java.sql.Timestamp.from(clock.instant()),
                    java.sql.Timestamp.from(clock.instant()), java.sql.Timestamp.from(clock.instant()));
        }
        jdbc.update("""
                INSERT INTO planned_change (run_id, student_id, school_id, action)
                SELECT id, 'W1', 'washington', 'UNCHANGED' FROM import_run""");
        clock.advance(java.time.Duration.ofDays(91));

        // when: every node's nightly pass fires within seconds of the others
        int first = runHistory.deleteExpired();
        int second = runHistory.deleteExpired();

        // then: the first node did it all, in several transactions; the others skipped that night
        assertThat(first).isEqualTo(RunHistory.BATCH + 4);
        assertThat(second).isEqualTo(-1);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM import_run WHERE details_deleted_at IS NULL",
                Integer.class)).isEqualTo(1);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM planned_change", Integer.class)).isEqualTo(1);

        // when: the next night, with nothing new to delete
        clock.advance(java.time.Duration.ofDays(1));

        // then
        assertThat(runHistory.deleteExpired()).isZero();
    }

    private int detailRows(long runId) {
        int rows = 0;
        for (String table : List.of("planned_change", "rejected_row", "run_column", "account_snapshot",
                "staged_student")) {
            rows += jdbc.queryForObject("SELECT COUNT(*) FROM " + table + " WHERE run_id = ?", Integer.class, runId);
        }
        return rows + batchRows(runId);
    }

    private int batchRows(long runId) {
        return jdbc.queryForObject("""
                SELECT COUNT(*) FROM BATCH_STEP_EXECUTION s
                  JOIN BATCH_JOB_EXECUTION e ON e.JOB_EXECUTION_ID = s.JOB_EXECUTION_ID
                  JOIN BATCH_JOB_INSTANCE i ON i.JOB_INSTANCE_ID = e.JOB_INSTANCE_ID
                  JOIN import_run r ON r.job_execution_id = e.JOB_EXECUTION_ID
                 WHERE r.id = ?""", Integer.class, runId);
    }

    private static double timerCount(ApiClient operator, String feed, String status) {
        ApiClient.Response metric = operator.get("/actuator/metrics/rostersync.run.duration?tag=feed:" + feed
                + "&tag=status:" + status);
        return metric.status() == 404 ? 0 : metric.json().get("measurements").get(0).get("value").asDouble();
    }

    private static double counter(ApiClient operator, String name, String feed) {
        ApiClient.Response metric = operator.get("/actuator/metrics/" + name + "?tag=feed:" + feed);
        return metric.status() == 404 ? 0 : metric.json().get("measurements").get(0).get("value").asDouble();
    }
}
