package org.rostersync.sync.internal.job;

import org.rostersync.sync.internal.run.RunReads;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;

/**
 * One step of the import job for either record kind: a staff run (of a staff feed, or the staff run of a feed that
 * reads both from one pull) plans and applies staff records, any other run students. The two tasklets are step-scoped
 * proxies, so only the one the run needs is ever made.
 */
final class ByRecordKind implements Tasklet {

    private final RunReads reads;
    private final Tasklet students;
    private final Tasklet staff;

    ByRecordKind(RunReads reads, Tasklet students, Tasklet staff) {
        this.reads = reads;
        this.students = students;
        this.staff = staff;
    }

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) throws Exception {
        boolean staffRun = ImportJobParameters.staff(chunkContext.getStepContext().getStepExecution()
                .getJobParameters(), reads::staffRun);
        return (staffRun ? staff : students).execute(contribution, chunkContext);
    }
}
