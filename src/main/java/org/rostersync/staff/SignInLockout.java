package org.rostersync.staff;

import java.time.Duration;

/**
 * How many failed sign-ins within {@code failureWindow} lock a staff username, and for how long. The credentials
 * module supplies it from {@code rostersync.login.*}, so that staff lock out exactly as students do.
 */
public record SignInLockout(int maxFailures, Duration failureWindow, Duration lockDuration) {
}
