package org.rostersync.sync;

/** What a run does (or, for a dry run, would do) to one student. */
public enum ChangeAction {
    CREATE, UPDATE, TRANSFER, REACTIVATE, UNCHANGED, MISSING, DEACTIVATE
}
