package org.rostersync.roster;

/**
 * How much of the roster a file carries; decides whether students missing from it are missing from the roster.
 * STANDARD and CLEVER files are always {@link #BULK}; a OneRoster export says so in its manifest
 * ({@code file.users}).
 */
public enum RosterMode {

    /** A complete snapshot: students not in it follow the feed's deactivation rules. */
    BULK,
    /** Only changed students: absent students are left alone; withdrawn ones ({@code tobedeleted}) deactivate. */
    DELTA,
    /** No student data at all: nothing changes. */
    ABSENT
}
