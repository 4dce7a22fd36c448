package org.rostersync.sync.internal.run;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A database that does not answer (restarted, failed over, refusing connections) while a run ends. The run's end must
 * still be recorded, or its record stays RUNNING and its feed claimed until the server restarts: the write is tried
 * again until the database answers, on the run's own thread (it has nothing else to do), unless the node shuts down
 * meanwhile (its next start recovers the run).
 */
final class DatabaseOutage {

    private static final Logger log = LoggerFactory.getLogger(DatabaseOutage.class);

    /** The pause between attempts; each attempt also waits for the pool's connection timeout. */
    static final Duration PAUSE = Duration.ofSeconds(5);

    private DatabaseOutage() {
    }

    /**
     * Whether the failure, or one of its causes, is a lost or refused database connection: JDBC's connection
     * exceptions, SQLSTATE class 08 (connection exception) and 57P (PostgreSQL's operator intervention, as a restart
     * ends every session).
     */
    static boolean lostConnection(Throwable failure) {
        int depth = 0;
        for (Throwable t = failure; t != null && depth < 20; t = t.getCause(), depth++) {
            if (t instanceof SQLTransientConnectionException || t instanceof SQLNonTransientConnectionException) {
                return true;
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("08") || sql.getSQLState().startsWith("57P"))) {
                return true;
            }
        }
        return false;
    }

    /**
     * Runs {@code write}; while it fails because the database does not answer, waits and runs it again. Any other
     * failure, or a lost connection once {@code givingUp} says so (the node is shutting down), is thrown.
     */
    static <T> T retry(String what, Supplier<T> write, BooleanSupplier givingUp) {
        for (int attempt = 1; ; attempt++) {
            try {
                return write.get();
            } catch (RuntimeException e) {
                if (!lostConnection(e) || givingUp.getAsBoolean()) {
                    throw e;
                }
                log.warn("The database does not answer; {} is tried again in {} s (attempt {})", what,
                        PAUSE.toSeconds(), attempt);
                try {
                    Thread.sleep(PAUSE.toMillis());
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }
}
