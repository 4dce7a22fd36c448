package org.rostersync.staff;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * How many failed sign-ins within {@code failureWindow} lock a staff username or a student account, and for how
 * long. The credentials module supplies it from {@code rostersync.login.*}, so that staff lock out exactly as
 * students do, and both count their failures by {@link #countFailure}: the one lockout rule, whatever table keeps
 * the failures and the lock.
 */
public record SignInLockout(int maxFailures, Duration failureWindow, Duration lockDuration) {

    /**
     * Counts one failed sign-in at {@code now}, in the caller's transaction: nothing while the username or account is
     * locked, so the lock cannot be stretched; else failures older than the window are forgotten, this one is kept,
     * and the {@code maxFailures}-th within the window locks for {@code lockDuration} and starts the count again.
     *
     * @return when the lock this failure set ends; empty when it set none
     */
    public Optional<Instant> countFailure(Instant now, FailureLog failures) {
        if (!failures.holdUnlocked(now)) {
            return Optional.empty();
        }
        failures.forgetUpTo(now.minus(failureWindow));
        failures.record(now);
        if (failures.count() < maxFailures) {
            return Optional.empty();
        }
        Instant until = now.plus(lockDuration);
        failures.lock(until);
        failures.forgetAll();
        return Optional.of(until);
    }

    /** Where one username's or account's failed sign-ins and lock are kept. */
    public interface FailureLog {

        /**
         * Takes the row lock of the username or account until the transaction ends, so that its failures are counted
         * one at a time on every node.
         *
         * @return false when it is locked at {@code now}
         */
        boolean holdUnlocked(Instant now);

        /** Forgets the failures at or before {@code floor}. */
        void forgetUpTo(Instant floor);

        /** Keeps a failure at {@code at}. */
        void record(Instant at);

        /** How many failures are kept. */
        int count();

        /** Locks sign-ins until {@code until}. */
        void lock(Instant until);

        /** Forgets every failure. */
        void forgetAll();
    }
}
