package org.rostersync.scheduling.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.rostersync.sync.ImportRun;
import org.rostersync.sync.ImportTrigger;
import org.rostersync.sync.RunCounts;
import org.rostersync.sync.RunStatus;

class RunChartTests {

    @Test
    void drawsTheLastThirtyRealRunsOldestFirstScaledToTheBiggestCountWithMarksForBadRuns() {
        // given: newest first, as ImportRuns.list answers; a dry run in between
        List<ImportRun> runs = new ArrayList<>();
        runs.add(run(40, RunStatus.FAILED, false, 0, 0, 0));
        runs.add(run(39, RunStatus.COMPLETED, true, 900, 0, 0));
        runs.add(run(38, RunStatus.HELD, false, 0, 0, 5));
        for (long id = 37; id > 0; id--) {
            runs.add(run(id, RunStatus.COMPLETED, false, id == 37 ? 100 : 1, 50, 0));
        }

        // when
        RunChart chart = RunChart.of(runs);

        // then
        assertThat(chart.bars()).hasSize(3 * RunChart.RUNS);
        assertThat(chart.max()).isEqualTo(100);
        RunChart.Bar biggest = chart.bars().stream().filter(b -> b.kind().equals("created"))
                .max((a, b) -> Integer.compare(a.height(), b.height())).orElseThrow();
        assertThat(biggest.title()).startsWith("run 37 ");
        assertThat(biggest.height()).isEqualTo(60);
        assertThat(chart.bars().get(chart.bars().size() - 3).title()).startsWith("run 40 FAILED");
        assertThat(chart.marks()).extracting(RunChart.Mark::kind).containsExactly("held", "failed");
        assertThat(chart.bars()).noneMatch(b -> b.title().startsWith("run 39 "));
    }

    private static ImportRun run(long id, RunStatus status, boolean dryRun, int created, int deactivated,
            int held) {
        Instant at = Instant.parse("2026-09-01T07:00:00Z").plusSeconds(id * 86_400);
        return new ImportRun(id, "feed", ImportTrigger.SCHEDULED, status, dryRun, at, at, at.plusSeconds(5), null,
                new RunCounts(created + deactivated, created, 0, 0, 0, 0, 0, deactivated, 0, held));
    }
}
