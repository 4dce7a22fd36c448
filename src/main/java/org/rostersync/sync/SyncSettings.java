package org.rostersync.sync;

import java.nio.file.Path;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the import job.
 *
 * @param dataDir   where uploaded and downloaded roster files are kept (and the H2 database by default)
 * @param chunkSize       rows per staging batch and per load transaction
 * @param shutdownTimeout how long a stopping node waits for its runs to finish or stop cleanly
 * @param fileRetention   how long downloaded and uploaded roster files (student data) are kept under data-dir
 */
@ConfigurationProperties("rostersync")
public record SyncSettings(@DefaultValue("./data") Path dataDir, @DefaultValue("1000") int chunkSize,
        @DefaultValue("60s") Duration shutdownTimeout, @DefaultValue("P30D") Duration fileRetention) {
}
