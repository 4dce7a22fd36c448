package org.rostersync.roster;

/** The layout of a feed's roster file. */
public enum RosterFormat {
    STANDARD, CLEVER, ONEROSTER
}
