package org.rostersync.sync.internal.job;

import org.rostersync.sync.internal.run.RunReport;

import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;

/** The report step: writes the run's {@link RunReport}. */
public class RunReporter implements Tasklet {

    private final RunReport report;
    private final long runId;

    public RunReporter(RunReport report, long runId) {
        this.report = report;
        this.runId = runId;
    }

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) {
        report.write(runId);
        return RepeatStatus.FINISHED;
    }
}
