package org.rostersync.fetch.internal;

import java.time.Duration;
import java.util.function.Supplier;

import org.rostersync.fetch.FetchException;
import org.rostersync.fetch.FetchSettings;
import org.rostersync.school.SftpSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tries a download again after a pause that doubles each time, up to {@code rostersync.sftp.attempts}, but only
 * when the failure says another attempt may get past it (a broken connection, not a refused login).
 */
public final class RetryPolicy {

    private static final Logger log = LoggerFactory.getLogger(RetryPolicy.class);

    private final int attempts;
    private final Duration backoff;

    public RetryPolicy(FetchSettings settings) {
        this.attempts = settings.attempts();
        this.backoff = settings.retryBackoff();
    }

    /** Runs {@code download} until it succeeds, fails for good, or the attempts are used up. */
    public <T> T run(SftpSettings sftp, Supplier<T> download) {
        Duration pause = backoff;
        for (int attempt = 1;; attempt++) {
            try {
                return download.get();
            } catch (FetchException e) {
                if (!e.retryable() || attempt >= attempts) {
                    if (e.retryable() && attempt > 1) {
                        throw SftpFailures.gaveUp(e, attempt);
                    }
                    throw e;
                }
                log.warn("SFTP download from {}:{} failed (attempt {} of {}), trying again in {}: {}", sftp.host(),
                        sftp.port(), attempt, attempts, pause, e.getMessage());
                sleep(pause);
                pause = pause.multipliedBy(2);
            }
        }
    }

    private static void sleep(Duration pause) {
        try {
            Thread.sleep(pause.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw SftpFailures.interrupted();
        }
    }
}
