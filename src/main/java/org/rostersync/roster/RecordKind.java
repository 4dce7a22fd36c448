package org.rostersync.roster;

/** What a feed's roster gives: students (the default) or staff (teachers and school admins). */
public enum RecordKind {
    STUDENTS, STAFF
}
