package org.rostersync.sync;

import java.util.Properties;

/**
 * What differs by database outside the import job itself: how Quartz keeps its schedule. One bean, chosen once from
 * the database the application connects to (PostgreSQL or H2).
 */
public interface Database {

    /**
     * Quartz's job store settings for this database: its driver delegate, and whether nodes share one schedule (a
     * cluster, each firing run on one node) or one process keeps it alone.
     */
    Properties schedulerJobStore();

    /** Whether the nodes of a deployment share one schedule (PostgreSQL) rather than one process owning it (H2). */
    boolean sharesSchedule();
}
