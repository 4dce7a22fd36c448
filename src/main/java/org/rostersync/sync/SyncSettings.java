package org.rostersync.sync;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.rostersync.school.InvalidSettingsException;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the import job.
 *
 * @param dataDir   where uploaded and downloaded roster files are kept (and the H2 database by default)
 * @param chunkSize       rows per staging batch and per load transaction
 * @param shutdownTimeout how long a stopping node waits for its runs to finish or stop cleanly
 * @param fileRetention   how long downloaded and uploaded roster files (student data) are kept under data-dir
 * @param runRetention    how long a finished run keeps its details (plan, rejected rows, Spring Batch records)
 * @param firstImportInOnePass a district's first full import is written in one pass (FirstImport) rather than
 *                        loaded, planned and applied; off, every run takes the staged path (the equality tests
 *                        compare the two)
 */
@ConfigurationProperties("rostersync")
public record SyncSettings(@DefaultValue("./data") Path dataDir, @DefaultValue("1000") int chunkSize,
        @DefaultValue("60s") Duration shutdownTimeout, @DefaultValue("P30D") Duration fileRetention,
        @DefaultValue("P90D") Duration runRetention, @DefaultValue("true") boolean firstImportInOnePass) {

    public SyncSettings {
        List<String> problems = new ArrayList<>();
        if (chunkSize < 1) {
            problems.add("rostersync.chunk-size: must be 1 or more (rows per load transaction), was " + chunkSize);
        }
        if (shutdownTimeout.isNegative()) {
            problems.add("rostersync.shutdown-timeout: must not be negative, e.g. 60s or PT0S, was " + shutdownTimeout);
        }
        // a retention of zero or less deletes the file of a run that is still queued to read it
        if (fileRetention.isNegative() || fileRetention.isZero()) {
            problems.add("rostersync.file-retention: must be a positive duration such as P30D, was " + fileRetention);
        }
        // zero would take the plan of a run that just ended from the operator reading it
        if (runRetention.isNegative() || runRetention.isZero()) {
            problems.add("rostersync.run-retention: must be a positive duration such as P90D, was " + runRetention);
        }
        if (!problems.isEmpty()) {
            throw new InvalidSettingsException(problems);
        }
    }
}
