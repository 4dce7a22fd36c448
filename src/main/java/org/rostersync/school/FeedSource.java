package org.rostersync.school;

/** Where a feed's file comes from. CLEVER feeds get a deactivation grace window by default. */
public enum FeedSource {
    SFTP, CLEVER, UPLOAD
}
