package org.rostersync.sync.internal.job;

import org.rostersync.sync.internal.database.DatabaseDialect;

import org.rostersync.sync.SyncSettings;
import org.springframework.stereotype.Component;

/**
 * Whether a school's student runs keep their unchanged rows out of staging ({@link UnchangedRows}), as
 * {@code rostersync.import.*} says. Read when each run's load step starts; it can be switched while the server runs,
 * so that the tests and the benchmark compare that path with staging every row on one database.
 */
@Component
public class UnchangedRowsSetting {

    private volatile boolean unstaged;
    private final int maxSchoolAccounts;

    UnchangedRowsSetting(SyncSettings settings, DatabaseDialect dialect) {
        Boolean configured = settings.importing().unchangedRowsUnstaged();
        this.unstaged = configured != null ? configured : dialect.unchangedRowsUnstagedByDefault();
        this.maxSchoolAccounts = settings.importing().maxSchoolAccounts();
    }

    public boolean unstaged() {
        return unstaged;
    }

    /** Runs whose load step starts from now on stage every row ({@code false}) or only those that may change. */
    public void unstaged(boolean unstaged) {
        this.unstaged = unstaged;
    }

    int maxSchoolAccounts() {
        return maxSchoolAccounts;
    }
}
