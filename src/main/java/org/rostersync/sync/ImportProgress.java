package org.rostersync.sync;

import java.util.Optional;

import org.rostersync.sync.internal.run.RunProgressReader;
import org.rostersync.sync.internal.run.RunReads;
import org.springframework.stereotype.Service;

/** How far a queued or running import has got, for a progress bar that polls. */
@Service
public class ImportProgress {

    private final RunReads runs;
    private final RunProgressReader reader;

    ImportProgress(RunReads runs, RunProgressReader reader) {
        this.runs = runs;
        this.reader = reader;
    }

    /** The run with its rows read so far; a finished run reports its final row count. */
    public Optional<RunProgress> of(long runId) {
        return runs.find(runId).map(run -> {
            boolean running = run.status() == RunStatus.RUNNING;
            long read = run.status().finished() ? run.counts().rows() : reader.rowsRead(runId);
            return new RunProgress(run, read, reader.rowsExpected(runId, running).orElse(null));
        });
    }
}
