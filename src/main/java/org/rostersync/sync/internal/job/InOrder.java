package org.rostersync.sync.internal.job;

import java.util.function.Predicate;

import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Two one-shot tasklets as one step, in one transaction: plan and guard, apply and report. Each step costs Spring
 * Batch about a dozen statements of its own (its execution and context stored, started, checked, ended), most of a
 * small school file's run. When both are done, the job's context records {@code doneKey}; without it the job runs the
 * second tasklet as a step of its own next (see ImportJobConfiguration), which does no harm: the guard and the report
 * only write what they would write again. So it is when:
 * <ul>
 * <li>the second does not belong here for this run ({@code here} says no): a report after a large apply runs after
 * the apply has released the username lock, since it deletes the run's staged rows;</li>
 * <li>the second refuses the run ({@link RunRefusedException}): its writes are undone to a savepoint and the first's
 * commit, so a refused run keeps its plan (its changes say what would have happened) and the guard, in a step of its
 * own, refuses it again with the same message;</li>
 * <li>the run was interrupted between the step's commit and the job context's, or began under a version of the job in
 * which the second was a step of its own.</li>
 * </ul>
 */
final class InOrder implements Tasklet {

    private final String doneKey;
    private final Tasklet first;
    private final Tasklet second;
    private final Predicate<ChunkContext> here;
    private final TransactionTemplate savepoint;

    InOrder(String doneKey, Tasklet first, Tasklet second, Predicate<ChunkContext> here,
            PlatformTransactionManager transactions) {
        this.doneKey = doneKey;
        this.first = first;
        this.second = second;
        this.here = here;
        this.savepoint = new TransactionTemplate(transactions);
        this.savepoint.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
    }

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) throws Exception {
        once(first, contribution, chunkContext);
        if (!here.test(chunkContext)) {
            return RepeatStatus.FINISHED;
        }
        boolean done = Boolean.TRUE.equals(savepoint.execute(status -> {
            try {
                once(second, contribution, chunkContext);
                return true;
            } catch (RunRefusedException refused) {
                status.setRollbackOnly();
                return false;
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }));
        if (done) {
            chunkContext.getStepContext().getStepExecution().getJobExecution().getExecutionContext()
                    .putString(doneKey, "true");
        }
        return RepeatStatus.FINISHED;
    }

    private static void once(Tasklet tasklet, StepContribution contribution, ChunkContext chunkContext)
            throws Exception {
        if (tasklet.execute(contribution, chunkContext) != RepeatStatus.FINISHED) {
            throw new IllegalStateException(tasklet + " asked to be called again, which a step of two cannot do");
        }
    }

    /** Whether the job's context says the step of {@code doneKey} did both of its tasklets. */
    static boolean done(JobExecution execution, String doneKey) {
        return execution.getExecutionContext().containsKey(doneKey);
    }

    /** Always: the guard belongs with the plan. */
    static boolean always(ChunkContext chunkContext) {
        return true;
    }

    /**
     * Rows this execution's load step staged, at most which a report runs inside the apply's transaction: deleting
     * them holds the username lock (and every other feed's apply) that much longer. A run that loaded nothing in this
     * execution (an unchanged file's reused plan, or a restart after the load) counts as small only when it reused a
     * plan, which stages nothing.
     */
    static final long SMALL_RUN = 10_000;

    static boolean smallRun(ChunkContext chunkContext) {
        JobExecution job = chunkContext.getStepContext().getStepExecution().getJobExecution();
        for (StepExecution step : job.getStepExecutions()) {
            if (step.getStepName().equals("load")) {
                return step.getWriteCount() <= SMALL_RUN;
            }
        }
        return job.getExecutionContext().containsKey(ImportJobParameters.REUSED_RUN);
    }
}
