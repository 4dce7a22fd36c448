package org.rostersync.school;

/** Whether a feed's file holds one school (and may deactivate) or a whole district (never deactivates). */
public enum FeedScope {
    SCHOOL, DISTRICT
}
