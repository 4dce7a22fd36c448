package org.rostersync.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.rostersync.fetch.FetchSettings;
import org.rostersync.school.InvalidSettingsException;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/**
 * The job's and the SFTP downloads' settings as Spring Boot binds them from {@code config/}: a value that cannot
 * work stops the start with a message naming the setting; plain JUnit, no Spring context.
 */
class JobSettingsTests {

    private static <T> T bind(String prefix, Class<T> type, Map<String, String> settings) {
        return new Binder(new MapConfigurationPropertySource(settings)).bindOrCreate(prefix, type);
    }

    private static InvalidSettingsException refused(Runnable binding) {
        Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(binding::run);
        assertThat(thrown).isInstanceOf(BindException.class).hasRootCauseInstanceOf(InvalidSettingsException.class);
        Throwable cause = thrown;
        while (!(cause instanceof InvalidSettingsException)) {
            cause = cause.getCause();
        }
        return (InvalidSettingsException) cause;
    }

    @Test
    void theDefaultsAreTheDocumentedOnes() {
        SyncSettings sync = bind("rostersync", SyncSettings.class, Map.of());
        FetchSettings fetch = bind("rostersync.sftp", FetchSettings.class, Map.of());

        assertThat(sync.chunkSize()).isEqualTo(1000);
        assertThat(sync.shutdownTimeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(sync.fileRetention()).isEqualTo(Duration.ofDays(30));
        assertThat(sync.runRetention()).isEqualTo(Duration.ofDays(90));
        assertThat(sync.importing()).isEqualTo(new SyncSettings.ImportSettings(true, null, 50_000));
        assertThat(fetch.connectTimeout()).isEqualTo(Duration.ofSeconds(15));
        assertThat(fetch.readTimeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(fetch.attempts()).isEqualTo(3);
        assertThat(fetch.retryBackoff()).isEqualTo(Duration.ofSeconds(10));
        assertThat(fetch.settleTime()).isZero();
    }

    @Test
    void aNegativeRetryBackoffAndTimeoutsThatNeverEndAreNamed() {
        // given: a negative pause failed every retried download with "IllegalArgumentException", and a timeout of
        // zero is no timeout at all for the SSH client, so a silent server held the feed for ever
        Map<String, String> settings = Map.of("rostersync.sftp.connect-timeout", "0s",
                "rostersync.sftp.read-timeout", "PT0S", "rostersync.sftp.retry-backoff", "-10s",
                "rostersync.sftp.settle-time", "-5s");

        // then
        assertThat(refused(() -> bind("rostersync.sftp", FetchSettings.class, settings)).problems())
                .containsExactly(
                        "rostersync.sftp.connect-timeout: must be a positive duration such as PT15S or 15s, was PT0S",
                        "rostersync.sftp.read-timeout: must be a positive duration such as PT60S or 60s, was PT0S",
                        "rostersync.sftp.retry-backoff: must not be negative, e.g. PT10S or 10s, was PT-10S",
                        "rostersync.sftp.settle-time: must not be negative, e.g. PT30S or 30s, was PT-5S");
    }

    @Test
    void aChunkSizeBelowOneAndNegativeDurationsOfTheJobAreNamed() {
        // given: a chunk size of 0 stopped the start with a stack trace from Spring Batch that named no setting; a
        // retention of zero or less deletes a roster file that a queued run has yet to read
        Map<String, String> settings = Map.of("rostersync.chunk-size", "0", "rostersync.shutdown-timeout", "-1s",
                "rostersync.file-retention", "P0D", "rostersync.run-retention", "-P1D");

        // then
        assertThat(refused(() -> bind("rostersync", SyncSettings.class, settings)).problems()).containsExactly(
                "rostersync.chunk-size: must be 1 or more (rows per load transaction), was 0",
                "rostersync.shutdown-timeout: must not be negative, e.g. 60s or PT0S, was PT-1S",
                "rostersync.file-retention: must be a positive duration such as P30D, was PT0S",
                "rostersync.run-retention: must be a positive duration such as P90D, was PT-24H");
    }

    @Test
    void zeroWhereZeroMeansNothingIsAccepted() {
        SyncSettings sync = bind("rostersync", SyncSettings.class, Map.of("rostersync.shutdown-timeout", "0s"));
        FetchSettings fetch = bind("rostersync.sftp", FetchSettings.class,
                Map.of("rostersync.sftp.retry-backoff", "PT0S"));

        assertThat(sync.shutdownTimeout()).isZero();
        assertThat(fetch.retryBackoff()).isZero();
    }
}
