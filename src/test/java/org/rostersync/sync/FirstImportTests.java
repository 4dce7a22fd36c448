package org.rostersync.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.rostersync.account.AccountEvent;
import org.rostersync.account.AccountEvents;
import org.rostersync.support.DatabaseTestSupport;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A district's first import in one pass against the staged path on the same files: the same accounts (usernames
 * included), counts, messages, {@code /changes} (every page, in order), rejected rows and student events, run after
 * run, through what comes after a first import (the same file again, a nightly school file, a revert). Runs on H2
 * and on PostgreSQL (see the two subclasses).
 */
abstract class FirstImportTests extends DatabaseTestSupport {

    private static final String[] SCHOOLS = { "101", "102", "103", "104" };
    private static final String[] FIRST = { "Zoë", "Ana", "José", "Li", "Mary-Kate", "O'Neil" };
    private static final String[] LAST = { "Núñez", "Smith", "Ng", "Van der Berg" };

    @Autowired
    private FirstImportPath path;

    @Autowired
    private AccountEvents events;

    @Autowired
    private org.rostersync.sync.internal.run.RunHistory history;

    @AfterEach
    void onePassAgain() {
        path.onePass(true);
    }

    /**
     * One step of a scenario: a file through a feed, the revert of the scenario's latest run, or 100 days later the
     * nightly deletion of old runs' details.
     */
    private record Step(String feedId, byte[] file, boolean dryRun, boolean revert) {

        static Step upload(String feedId, String csv) {
            return new Step(feedId, csv.getBytes(StandardCharsets.UTF_8), false, false);
        }

        static Step dryRun(String feedId, String csv) {
            return new Step(feedId, csv.getBytes(StandardCharsets.UTF_8), true, false);
        }

        static Step revertLast() {
            return new Step(null, null, false, true);
        }

        static Step oldDetailsDeleted() {
            return new Step(null, null, false, false);
        }
    }

    /** What a scenario left, in words, and which of its runs wrote their accounts in one pass. */
    private record Outcome(List<String> state, List<Boolean> onePass) {
    }

    /** Runs the steps both ways from an empty database and checks that they end the same; the one-pass outcome. */
    private Outcome sameBothWays(List<Step> steps) {
        path.onePass(true);
        Outcome onePass = run(steps);
        cleanDatabase();
        path.onePass(false);
        Outcome staged = run(steps);
        assertThat(staged.onePass()).doesNotContain(true);
        assertThat(String.join("\n", onePass.state())).isEqualTo(String.join("\n", staged.state()));
        return onePass;
    }

    private Outcome run(List<Step> steps) {
        try {
            return runSteps(steps);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private Outcome runSteps(List<Step> steps) throws java.io.IOException {
        List<Long> runs = new ArrayList<>();
        List<Boolean> onePass = new ArrayList<>();
        List<String> state = new ArrayList<>();
        for (Step step : steps) {
            if (step.feedId() == null && !step.revert()) {
                clock.advance(java.time.Duration.ofDays(100));
                state.add("details deleted of " + history.deleteExpired() + " runs");
                continue;
            }
            long runId = step.revert() ? importRuns.revert(runs.get(runs.size() - 1), "test")
                    : importRuns.upload(step.feedId(), new java.io.ByteArrayInputStream(step.file()), "test",
                            step.dryRun(), false);
            runs.add(runId);
            ImportRun run = awaitRun(runId);
            onePass.add(jdbc.queryForObject("SELECT COUNT(*) FROM run_block WHERE run_id = ?", Integer.class,
                    runId) > 0);
            state.add("run " + runs.size() + ": " + run.status() + " " + run.counts() + " "
                    + ordinals(run.message(), runs));
            describeRun(runId, runs.size(), state);
        }
        for (int i = 0; i < runs.size(); i++) {
            state.add("in the end, run " + (i + 1) + ": " + importRuns.find(runs.get(i)).orElseThrow().counts());
            describeRun(runs.get(i), i + 1, state);
        }
        describeAccounts(runs, state);
        return new Outcome(state, onePass);
    }

    private void describeRun(long runId, int ordinal, List<String> state) {
        for (RejectedRow row : importRuns.rejectedRows(runId, 0, 5000)) {
            state.add("run " + ordinal + " rejected " + row);
        }
        // every page, small ones, so that the order across pages counts too
        long total = importRuns.countChanges(runId, null);
        state.add("run " + ordinal + " changes " + total + ", of them created "
                + importRuns.countChanges(runId, ChangeAction.CREATE));
        int size = 37;
        for (int page = 0; (long) page * size < total; page++) {
            for (PlannedChange change : importRuns.changes(runId, null, page * size, size)) {
                state.add("run " + ordinal + " change " + change);
            }
        }
        List<PlannedChange> created = importRuns.changes(runId, ChangeAction.CREATE, 0, 5000);
        state.add("run " + ordinal + " created " + created.size() + " " + (created.isEmpty() ? ""
                : created.get(0) + " … " + created.get(created.size() - 1)));
    }

    /** Every account but its id and timestamps, and the events of every few accounts, run ids as the scenario's. */
    private void describeAccounts(List<Long> runs, List<String> state) {
        List<Map<String, Object>> accounts = jdbc.queryForList("""
                SELECT * FROM student_account ORDER BY district_id, student_id""");
        int n = 0;
        for (Map<String, Object> account : accounts) {
            Map<String, Object> fields = new java.util.TreeMap<>();
            account.forEach((column, value) -> fields.put(column.toLowerCase(java.util.Locale.ROOT), value));
            long id = ((Number) fields.remove("id")).longValue();
            fields.remove("created_at");
            fields.remove("updated_at");
            Object lastRun = fields.remove("last_run_id");
            fields.put("last_run", lastRun == null ? null : runs.indexOf(((Number) lastRun).longValue()) + 1);
            state.add("account " + fields);
            if (n++ % 7 == 0 || accounts.size() < 100) {
                for (AccountEvent event : events.forAccount(id)) {
                    state.add("  event " + event.event() + " by " + event.actor() + " run "
                            + (event.runId() == null ? null : runs.indexOf(event.runId()) + 1) + " "
                            + ordinals(event.detail(), runs));
                }
                state.add("  events " + events.count(id) + ", from the second: " + events.forAccount(id, 1, 5).size());
            }
        }
    }

    /** The message with each run id of the scenario written as its place in it. */
    private static String ordinals(String message, List<Long> runs) {
        if (message == null) {
            return null;
        }
        Matcher m = Pattern.compile("\\brun (\\d+)").matcher(message);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            long id = Long.parseLong(m.group(1));
            m.appendReplacement(out, "run #" + (runs.indexOf(id) + 1));
        }
        return m.appendTail(out).toString();
    }

    /**
     * A district file of {@code students} students, the schools interleaved line by line, few distinct names (their
     * usernames collide), optional columns half filled, and a rejected row every {@code rejectEvery} lines (0: none).
     */
    private static String districtFile(int students, int rejectEvery) {
        StringBuilder csv = new StringBuilder(
                "School ID,Student ID,First Name,Last Name,Grade,Middle Initial,Birth Date,Student Email,Home Room\n");
        for (int i = 0; i < students; i++) {
            String school = SCHOOLS[i % SCHOOLS.length];
            String grade = String.valueOf(i % 12 + 1);
            String first = FIRST[i % FIRST.length];
            if (rejectEvery > 0 && i % rejectEvery == rejectEvery - 1) {
                switch (i / rejectEvery % 3) {
                    case 0 -> school = "999";
                    case 1 -> grade = "";
                    default -> first = "";
                }
            }
            csv.append(school).append(',').append(700_000 + i).append(',').append(first).append(',').append(LAST[i / 7 % LAST.length]).append(',').append(grade)
                    .append(',').append(i % 2 == 0 ? "Q" : "").append(',')
                    .append(i % 3 == 0 ? "2015-0" + (i % 9 + 1) + "-1" + i % 10 : "").append(',')
                    .append(i % 2 == 1 ? "s" + i + "@students.springfield.example" : "").append(',')
                    .append(i % 4 == 0 ? "\"Room\t" + i % 30 + "\"" : "").append('\n');
        }
        return csv.toString();
    }

    @Test
    void aFirstImportWithCollidingNamesEndsAsTheStagedPathDoesAndTheSameFileAgainReusesItsPlan() {
        // given: another district already holds some of the names; when: a district file of over 1 MB with its
        // schools interleaved and names that collide, then the same file again, then a school's nightly file
        String shelby = "Local ID,First Name,Last Name,Gr\n1,Zoë,Núñez,3\n2,Ana,Smith,4\n3,Zoë,Núñez,5\n";
        String district = districtFile(20_000, 0);
        assertThat(district.length()).isGreaterThan(1_000_000);
        String nightly = "Student ID,First Name,Last Name,Grade\n700000,Zoë,Núñez,2\n700004,Ana,Renamed,5\n"
                + "700008,José,Núñez,9\n800000,Zoë,Núñez,1\n";
        Outcome outcome = sameBothWays(List.of(Step.upload("shelby-upload", shelby),
                Step.upload("springfield-district", district), Step.upload("springfield-district", district),
                Step.upload("lincoln-upload", nightly)));

        // then: both first imports went in one pass, the file again reused its plan, the nightly run staged
        assertThat(outcome.onePass()).containsExactly(true, true, false, false);
        assertThat(outcome.state()).anyMatch(line -> line.startsWith("run 3: COMPLETED")
                && line.contains("rows were not read again"));
        assertThat(outcome.state()).anyMatch(line -> line.contains("username=zoe.nunez4"));
    }

    @Test
    void aDuplicateStudentIdSendsTheFirstImportTheStagedWayNamingTheFirstLine() {
        // given: a district file whose last row repeats the Student ID of its third
        String file = districtFile(40, 0) + "101,700002,Late,Comer,5,,,,\n";

        // when
        Outcome outcome = sameBothWays(List.of(Step.upload("springfield-district", file)));

        // then: the staged path rejected the repeat, naming the first line
        assertThat(outcome.onePass()).containsExactly(false);
        assertThat(outcome.state()).anyMatch(line -> line.contains("run 1 rejected") && line.contains("line 4"));
        assertThat(outcome.state()).anyMatch(line -> line.contains("student_id=700002")
                && line.contains("first_name=José"));
    }

    @Test
    void aDistrictThatHasAnAccountAlreadyAndADryRunTakeTheStagedPath() {
        // when: a dry run of the district file, one school's file, then the district file
        String district = districtFile(60, 13);
        Outcome outcome = sameBothWays(List.of(Step.dryRun("springfield-district", district),
                Step.upload("lincoln-upload", "Student ID,First Name,Last Name,Grade\n700000,Zoë,Núñez,1\n"),
                Step.upload("springfield-district", district)));

        // then: only the school file, the district's first real import, went in one pass
        assertThat(outcome.onePass()).containsExactly(false, true, false);
    }

    @Test
    void aRevertOfAOnePassFirstImportWithRejectedRowsRetiresItsAccountsAsTheStagedPathDoes() {
        // given: a district's first import, some of its rows rejected
        String district = districtFile(50, 9);

        // when: the run is reverted
        Outcome outcome = sameBothWays(List.of(Step.upload("springfield-district", district), Step.revertLast(),
                Step.upload("springfield-district", district)));

        // then: every account created is retired, and the file again reactivates them
        assertThat(outcome.onePass()).containsExactly(true, false, false);
        assertThat(outcome.state()).anyMatch(line -> line.startsWith("run 2 changes 45"));
        assertThat(outcome.state()).anyMatch(line -> line.startsWith("run 3: COMPLETED_WITH_ERRORS") && line.contains(
                "reactivated=45"));
    }

    @Test
    void aOnePassRunWhoseDetailsAreDeletedListsNoChangesAndItsStudentsKeepTheirCreatedEvent() {
        // given: a district's first import, then a later file of the same feed
        String district = districtFile(30, 0);

        // when: 100 days later the nightly pass deletes the details of runs older than the retention
        Outcome outcome = sameBothWays(List.of(Step.upload("springfield-district", district),
                Step.upload("springfield-district", district.replace(",Ng,", ",Ngo,")),
                Step.oldDetailsDeleted()));

        // then: the first run lists nothing any more, and its students' CREATED events stay
        assertThat(outcome.onePass()).containsExactly(true, false);
        assertThat(outcome.state()).contains("details deleted of 1 runs", "run 1 changes 0, of them created 0");
        assertThat(outcome.state()).anyMatch(line -> line.startsWith("  event CREATED by test run 1 school"));
    }
}
