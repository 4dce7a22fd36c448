package org.rostersync.credentials;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.rostersync.school.InvalidSettingsException;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of student credentials.
 *
 * @param loginUrl where students sign in; printed on every slip and in its QR code
 * @param login    the per-account lockout after repeated failed logins
 */
@ConfigurationProperties("rostersync")
public record CredentialSettings(@DefaultValue("http://localhost:8080/login") URI loginUrl, @DefaultValue Login login) {

    public CredentialSettings {
        List<String> problems = new ArrayList<>();
        if (loginUrl == null || !loginUrl.isAbsolute()
                || !("https".equalsIgnoreCase(loginUrl.getScheme()) || "http".equalsIgnoreCase(loginUrl.getScheme()))) {
            problems.add("rostersync.login-url: '" + loginUrl + "' is not an http(s) address such as"
                    + " https://accounts.springfield.example/login");
        }
        if (login.maxFailures() < 1) {
            problems.add("rostersync.login.max-failures: must be 1 or more, was " + login.maxFailures());
        }
        if (login.failureWindow().isNegative() || login.failureWindow().isZero()) {
            problems.add("rostersync.login.failure-window: must be a positive duration such as PT15M or 15m");
        }
        if (login.lockDuration().isNegative() || login.lockDuration().isZero()) {
            problems.add("rostersync.login.lock-duration: must be a positive duration such as PT15M or 15m");
        }
        if (!problems.isEmpty()) {
            throw new InvalidSettingsException(problems);
        }
    }

    /**
     * @param maxFailures   failed logins within {@code failureWindow} that lock the account
     * @param failureWindow how far back failures count
     * @param lockDuration  how long a locked account refuses every login, the right password included
     */
    public record Login(@DefaultValue("5") int maxFailures, @DefaultValue("PT15M") Duration failureWindow,
            @DefaultValue("PT15M") Duration lockDuration) {
    }
}
