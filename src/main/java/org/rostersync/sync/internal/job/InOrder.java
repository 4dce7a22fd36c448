package org.rostersync.sync.internal.job;

import java.util.List;

import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;

/**
 * Several one-shot tasklets as one step, in one transaction: a real run's guard, apply and report. Each step costs
 * Spring Batch about twenty statements of its own (its execution and context stored, started, committed, ended),
 * most of a small school file's run; one step is also one commit, so a crash leaves all of them done or none.
 */
final class InOrder implements Tasklet {

    private final List<Tasklet> tasklets;

    InOrder(Tasklet... tasklets) {
        this.tasklets = List.of(tasklets);
    }

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) throws Exception {
        for (Tasklet tasklet : tasklets) {
            if (tasklet.execute(contribution, chunkContext) != RepeatStatus.FINISHED) {
                throw new IllegalStateException(tasklet + " asked to be called again, which a step of several cannot do");
            }
        }
        return RepeatStatus.FINISHED;
    }
}
