package org.rostersync.sync;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.rostersync.school.InvalidSettingsException;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.context.properties.bind.Name;

/**
 * Settings of the import job.
 *
 * @param dataDir   where uploaded and downloaded roster files are kept (and the H2 database by default)
 * @param chunkSize       rows per staging batch and per load transaction
 * @param shutdownTimeout how long a stopping node waits for its runs to finish or stop cleanly
 * @param fileRetention   how long downloaded and uploaded roster files (student data) are kept under data-dir
 * @param runRetention    how long a finished run keeps its details (plan, rejected rows, Spring Batch records)
 * @param importing       {@code rostersync.import.*}: the first import in one pass, and how a school's run treats
 *                        the rows that change nothing
 */
@ConfigurationProperties("rostersync")
public record SyncSettings(@DefaultValue("./data") Path dataDir, @DefaultValue("1000") int chunkSize,
        @DefaultValue("60s") Duration shutdownTimeout, @DefaultValue("P30D") Duration fileRetention,
        @DefaultValue("P90D") Duration runRetention, @Name("import") @DefaultValue ImportSettings importing) {

    /**
     * @param firstImportInOnePass  a district's first full import is written in one pass (FirstImport) rather than
     *                              loaded, planned and applied; off, every run takes the staged path (the equality
     *                              tests compare the two)
     * @param unchangedRowsUnstaged unset: on for PostgreSQL, off for H2 (see {@code DatabaseDialect}); a school feed's
     *                              student run compares each row with the school's accounts as it
     *                              loads, and neither stages nor plans a row by row the ones that change nothing
     * @param maxSchoolAccounts     the most accounts of a school held in memory for that comparison; a larger school's
     *                              runs stage every row
     */
    public record ImportSettings(@DefaultValue("true") boolean firstImportInOnePass,
            Boolean unchangedRowsUnstaged, @DefaultValue("50000") int maxSchoolAccounts) {
    }

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
        if (importing.maxSchoolAccounts() < 0) {
            problems.add("rostersync.import.max-school-accounts: must be 0 or more, was "
                    + importing.maxSchoolAccounts());
        }
        if (!problems.isEmpty()) {
            throw new InvalidSettingsException(problems);
        }
    }
}
