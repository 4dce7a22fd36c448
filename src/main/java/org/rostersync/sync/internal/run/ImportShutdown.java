package org.rostersync.sync.internal.run;

import java.time.Duration;

import org.rostersync.sync.SyncSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * A clean stop on SIGTERM: no new run starts; a run still loading its file finishes the chunk in hand and stops
 * (nothing of it has been applied yet: a pulled run is left for a restart on another node or at this node's next
 * start, an upload is recorded as stopped; see RunLifecycle); a run already past loading — plan, guard, apply,
 * report take seconds — is allowed to finish. The node waits for them up to
 * {@code rostersync.shutdown-timeout}; whatever is still running then is recovered by the next start.
 */
@Component
class ImportShutdown implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ImportShutdown.class);

    private final RunningImports running;
    private final Duration timeout;
    private volatile boolean active;

    ImportShutdown(RunningImports running, SyncSettings settings) {
        this.running = running;
        this.timeout = settings.shutdownTimeout();
    }

    @Override
    public void start() {
        // also after a stop without a close: a paused test context, or a context restarted by its owner
        running.resume();
        active = true;
    }

    @Override
    public void stop() {
        running.shutDown();
        for (JobExecution execution : running.snapshot()) {
            StepExecution step = execution.getStepExecutions().stream()
                    .filter(s -> s.getStatus().isRunning())
                    .findFirst()
                    .orElse(null);
            if (step != null && step.getStepName().equals("load")) {
                // the chunk loop checks this flag between chunks: the chunk in hand commits, then the step stops
                // (JobOperator.stop would also close the reader under the running chunk)
                log.info("Shutting down: job execution {} stops loading after its current chunk", execution.getId());
                step.setTerminateOnly();
            } else {
                log.info("Shutting down: waiting for job execution {} to finish its {} step", execution.getId(),
                        step == null ? "current" : step.getStepName());
            }
        }
        try {
            if (!running.awaitNone(timeout.toMillis())) {
                log.warn("Shutting down with runs still executing after {}; the next start recovers them",
                        timeout);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        active = false;
    }

    @Override
    public boolean isRunning() {
        return active;
    }

    /** Stops before the web server and the import threads, after the scheduler (which stops first). */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 1000;
    }
}
