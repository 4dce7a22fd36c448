package org.rostersync.sync;

import org.springframework.stereotype.Component;

/**
 * Which way a district's first import goes: in one pass (the default, {@code rostersync.import.first-import-in-one-pass})
 * or by the staged path every other run takes. Decided once per run, when it starts; switching it affects the runs
 * started after (the equality tests run the same files both ways in one server).
 */
@Component
public class FirstImportPath {

    private volatile boolean onePass;

    FirstImportPath(SyncSettings settings) {
        this.onePass = settings.importing().firstImportInOnePass();
    }

    /** Whether the next district's first import may go in one pass. */
    public boolean onePass() {
        return onePass;
    }

    /** Sends the next districts' first imports in one pass ({@code true}) or by the staged path. */
    public void onePass(boolean onePass) {
        this.onePass = onePass;
    }
}
