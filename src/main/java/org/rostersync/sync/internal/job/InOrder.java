package org.rostersync.sync.internal.job;

import java.util.List;

import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;

/**
 * Several one-shot tasklets as one step, in one transaction: plan and guard, apply and report. Each step costs Spring
 * Batch about a dozen statements of its own (its execution and context stored, started, checked, ended), most of a
 * small school file's run. When all are done, the job's context records {@code doneKey}: a run interrupted between
 * the step's commit and that record, or begun by a version of the job in which the last tasklet was a step of its
 * own, has the job run that step on its own after this one (see ImportJobConfiguration), which does no harm: the guard
 * and the report only write what they would write again.
 */
final class InOrder implements Tasklet {

    private final String doneKey;
    private final List<Tasklet> tasklets;

    InOrder(String doneKey, Tasklet... tasklets) {
        this.doneKey = doneKey;
        this.tasklets = List.of(tasklets);
    }

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) throws Exception {
        for (Tasklet tasklet : tasklets) {
            if (tasklet.execute(contribution, chunkContext) != RepeatStatus.FINISHED) {
                throw new IllegalStateException(tasklet + " asked to be called again, which a step of several cannot do");
            }
        }
        chunkContext.getStepContext().getStepExecution().getJobExecution().getExecutionContext()
                .putString(doneKey, "true");
        return RepeatStatus.FINISHED;
    }

    /** Whether the job's context says the step of {@code doneKey} did all of its tasklets. */
    static boolean done(org.springframework.batch.core.job.JobExecution execution, String doneKey) {
        return execution.getExecutionContext().containsKey(doneKey);
    }
}
