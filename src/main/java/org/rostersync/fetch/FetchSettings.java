package org.rostersync.fetch;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.rostersync.school.InvalidSettingsException;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How SFTP downloads behave, for every feed.
 *
 * @param connectTimeout how long to wait for the TCP connection, the SSH handshake and the SFTP channel
 * @param readTimeout    how long the server may stay silent during a transfer before the attempt is given up
 * @param attempts       tries per run when the connection fails or breaks off (never for a refused login or an
 *                       untrusted host key)
 * @param retryBackoff   the wait before the second attempt; doubled before each further one
 * @param settleTime     how long a file must stay unchanged (size and modification time) before it is downloaded,
 *                       for a SIS that pauses while it writes its export; zero (the default) downloads at once
 */
@ConfigurationProperties("rostersync.sftp")
public record FetchSettings(@DefaultValue("PT15S") Duration connectTimeout, @DefaultValue("PT60S") Duration readTimeout,
        @DefaultValue("3") int attempts, @DefaultValue("PT10S") Duration retryBackoff,
        @DefaultValue("PT0S") Duration settleTime) {

    public FetchSettings {
        List<String> problems = new ArrayList<>();
        // zero is no timeout at all for the SSH client: a server that never answers would hold the feed for ever
        if (connectTimeout.isNegative() || connectTimeout.isZero()) {
            problems.add("rostersync.sftp.connect-timeout: must be a positive duration such as PT15S or 15s, was "
                    + connectTimeout);
        }
        if (readTimeout.isNegative() || readTimeout.isZero()) {
            problems.add("rostersync.sftp.read-timeout: must be a positive duration such as PT60S or 60s, was "
                    + readTimeout);
        }
        if (retryBackoff.isNegative()) {
            problems.add("rostersync.sftp.retry-backoff: must not be negative, e.g. PT10S or 10s, was " + retryBackoff);
        }
        if (settleTime.isNegative()) {
            problems.add("rostersync.sftp.settle-time: must not be negative, e.g. PT30S or 30s, was " + settleTime);
        }
        if (!problems.isEmpty()) {
            throw new InvalidSettingsException(problems);
        }
        attempts = Math.max(1, attempts);
    }
}
