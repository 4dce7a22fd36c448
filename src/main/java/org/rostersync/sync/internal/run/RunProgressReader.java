package org.rostersync.sync.internal.run;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Rows read so far, from Spring Batch's own count for the run's load step (updated at every chunk commit), and the
 * size of the file in lines, counted once per run while it runs (on the node that has the file).
 */
@Component
public class RunProgressReader {

    private final JdbcClient jdbc;
    private final RunReads runs;
    /** Line counts of running runs' files; none for a file not (yet) readable here, so it is looked for again. */
    private final Map<Long, Long> lines = new ConcurrentHashMap<>();

    RunProgressReader(JdbcClient jdbc, RunReads runs) {
        this.jdbc = jdbc;
        this.runs = runs;
    }

    public long rowsRead(long runId) {
        // reads Spring Batch's step table through the run: a join that would only be hidden in RunReads
        return jdbc.sql("""
                SELECT COALESCE(SUM(s.READ_COUNT), 0) FROM import_run r
                  JOIN BATCH_STEP_EXECUTION s ON s.JOB_EXECUTION_ID = r.job_execution_id
                 WHERE r.id = :run AND s.STEP_NAME = 'load'""")
                .param("run", runId)
                .query(Long.class)
                .single();
    }

    /** Data rows of a running run's file; forgets the count when the run is done. */
    public Optional<Long> rowsExpected(long runId, boolean running) {
        if (!running) {
            lines.remove(runId);
            return Optional.empty();
        }
        // a pulled run has no file until its fetch step stored it, and another node's run has its file on that
        // node: an answer without a count is not kept, or the run's progress would never show its size
        return Optional.ofNullable(lines.computeIfAbsent(runId, id -> runs.filePath(id)
                .flatMap(RunProgressReader::dataRows)
                .orElse(null)));
    }

    /** Line breaks less the header; a ZIP export (OneRoster, Clever) has no line count worth showing. */
    private static Optional<Long> dataRows(String file) {
        Path path = Path.of(file);
        try (InputStream in = Files.newInputStream(path)) {
            byte[] buffer = new byte[1 << 16];
            long count = 0;
            int last = '\n';
            boolean first = true;
            for (int n; (n = in.read(buffer)) > 0;) {
                if (first && n > 1 && buffer[0] == 'P' && buffer[1] == 'K') {
                    return Optional.empty();
                }
                first = false;
                for (int i = 0; i < n; i++) {
                    if (buffer[i] == '\n') {
                        count++;
                    }
                }
                last = buffer[n - 1];
            }
            if (last != '\n') {
                count++;
            }
            return Optional.of(Math.max(0, count - 1));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
