package org.rostersync.sync;

/** What started a run. */
public enum ImportTrigger {
    SCHEDULED, MANUAL, UPLOAD
}
