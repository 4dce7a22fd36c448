package org.rostersync.sync.internal.run;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.rostersync.sync.internal.job.ImportJobParameters;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.stereotype.Component;

/** The import runs executing on this node, and whether the node is shutting down (then no new run starts). */
@Component
public class RunningImports {

    private final Map<Long, JobExecution> executions = new ConcurrentHashMap<>();
    private volatile boolean shuttingDown;

    void started(JobExecution execution) {
        executions.put(execution.getId(), execution);
    }

    void ended(JobExecution execution) {
        executions.remove(execution.getId());
        synchronized (this) {
            notifyAll();
        }
    }

    /** Whether the job execution runs on this node, its end listener included. */
    boolean executes(long jobExecutionId) {
        return executions.containsKey(jobExecutionId);
    }

    /** The job execution of the run, while it executes here (until its end listener has run). */
    Optional<JobExecution> ofRun(long runId) {
        return executions.values().stream()
                .filter(execution -> Long.valueOf(runId)
                        .equals(execution.getJobParameters().getLong(ImportJobParameters.RUN_ID)))
                .findFirst();
    }

    List<JobExecution> snapshot() {
        return List.copyOf(executions.values());
    }

    boolean shuttingDown() {
        return shuttingDown;
    }

    void shutDown() {
        shuttingDown = true;
    }

    void resume() {
        shuttingDown = false;
    }

    /** Waits until no run executes here any more, or the time is up; true when none is left. */
    synchronized boolean awaitNone(long millis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + millis;
        while (!executions.isEmpty()) {
            long left = deadline - System.currentTimeMillis();
            if (left <= 0) {
                return false;
            }
            wait(Math.min(left, 200));
        }
        return true;
    }
}
