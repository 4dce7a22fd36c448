package org.rostersync.scheduling;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.rostersync.sync.ImportNodes;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Nodes as Quartz sees them. In a cluster (PostgreSQL) this node is its scheduler instance ({@code instanceId:
 * AUTO}, new at each start) and another node is alive while it keeps checking in to {@code QRTZ_SCHEDULER_STATE}.
 * Without a cluster (H2, one process) Quartz's instance id is always {@code NON_CLUSTERED}, so this node takes an id
 * of its own per start and no other node is ever alive: every run an earlier process left behind is recovered.
 */
class QuartzNodes implements ImportNodes {

    /** Quartz's own slack before it declares a node failed, on top of the check-in interval. */
    private static final long GRACE_MILLIS = 7_500;

    private final Scheduler scheduler;
    private final JdbcTemplate jdbc;
    private final String standaloneId;

    QuartzNodes(Scheduler scheduler, JdbcTemplate jdbc) {
        this.scheduler = scheduler;
        this.jdbc = jdbc;
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "localhost";
        }
        this.standaloneId = host + "-" + ProcessHandle.current().pid() + "-" + System.currentTimeMillis();
    }

    @Override
    public String localNodeId() {
        try {
            return scheduler.getMetaData().isJobStoreClustered() ? scheduler.getSchedulerInstanceId() : standaloneId;
        } catch (SchedulerException e) {
            throw new IllegalStateException("The scheduler has no instance id", e);
        }
    }

    @Override
    public boolean isAlive(String nodeId) {
        if (nodeId.equals(localNodeId())) {
            return true;
        }
        try {
            if (!scheduler.getMetaData().isJobStoreClustered()) {
                return false;
            }
            List<Boolean> alive = jdbc.query("""
                    SELECT LAST_CHECKIN_TIME, CHECKIN_INTERVAL FROM QRTZ_SCHEDULER_STATE
                     WHERE SCHED_NAME = ? AND INSTANCE_NAME = ?""",
                    (rs, n) -> rs.getLong(1) + 2 * rs.getLong(2) + GRACE_MILLIS >= System.currentTimeMillis(),
                    scheduler.getSchedulerName(), nodeId);
            return alive.contains(Boolean.TRUE);
        } catch (SchedulerException e) {
            throw new IllegalStateException("Cannot read the scheduler's cluster state", e);
        }
    }
}
