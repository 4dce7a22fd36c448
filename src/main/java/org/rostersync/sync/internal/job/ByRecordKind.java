package org.rostersync.sync.internal.job;

import org.rostersync.school.ImportFeed;
import org.rostersync.school.SchoolDirectory;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;

/**
 * One step of the import job for either record kind: a staff feed's run plans and applies staff records, any other
 * run students. The two tasklets are step-scoped proxies, so only the one the run needs is ever made.
 */
final class ByRecordKind implements Tasklet {

    private final SchoolDirectory directory;
    private final Tasklet students;
    private final Tasklet staff;

    ByRecordKind(SchoolDirectory directory, Tasklet students, Tasklet staff) {
        this.directory = directory;
        this.students = students;
        this.staff = staff;
    }

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) throws Exception {
        return (staffRun(directory, chunkContext) ? staff : students).execute(contribution, chunkContext);
    }

    static boolean staffRun(SchoolDirectory directory, ChunkContext chunkContext) {
        String feedId = chunkContext.getStepContext().getStepExecution().getJobParameters()
                .getString(ImportJobParameters.FEED_ID);
        return directory.feed(feedId).map(ImportFeed::staffOnly).orElse(false);
    }
}
