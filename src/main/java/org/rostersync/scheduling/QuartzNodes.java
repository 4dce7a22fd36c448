package org.rostersync.scheduling;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

import javax.sql.DataSource;

import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.rostersync.sync.ImportNodes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Which nodes are alive. In a cluster (PostgreSQL) this node is its Quartz scheduler instance ({@code instanceId:
 * AUTO}, new at each start), and it holds a session advisory lock named after that id for as long as the process
 * lives. Another node is dead when nobody holds its lock any more (a killed process loses its session, so this is
 * seen at once) or when it holds it but stopped checking in to {@code QRTZ_SCHEDULER_STATE} (a hung or cut-off node).
 * Without a cluster (H2, one process) Quartz's instance id is always {@code NON_CLUSTERED}, so this node takes an id
 * of its own per start and no other node is ever alive: every run an earlier process left behind is recovered.
 */
class QuartzNodes implements ImportNodes, DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(QuartzNodes.class);

    /** Quartz's own slack before it declares a node failed, on top of the check-in interval. */
    private static final long GRACE_MILLIS = 7_500;

    /** The advisory lock namespace of node leases ("RSYN"); the second key is the node id's hash. */
    private static final int LEASE_CLASS = 0x5253594E;

    private final Scheduler scheduler;
    private final JdbcTemplate jdbc;
    private final boolean clustered;
    private final String localId;
    private final Connection lease;

    QuartzNodes(Scheduler scheduler, JdbcTemplate jdbc, DataSource dataSource, boolean postgres)
            throws SchedulerException, SQLException {
        this.scheduler = scheduler;
        this.jdbc = jdbc;
        this.clustered = postgres && scheduler.getMetaData().isJobStoreClustered();
        this.localId = clustered ? scheduler.getSchedulerInstanceId() : standaloneId();
        this.lease = clustered ? holdLease(dataSource, localId) : null;
    }

    @Override
    public String localNodeId() {
        return localId;
    }

    @Override
    public boolean isAlive(String nodeId) {
        if (nodeId.equals(localId)) {
            return true;
        }
        if (!clustered) {
            return false;
        }
        // in autocommit the transaction-level lock is taken and released by this one statement
        Boolean leaseFree = jdbc.queryForObject("SELECT pg_try_advisory_xact_lock(?, ?)", Boolean.class, LEASE_CLASS,
                nodeId.hashCode());
        if (Boolean.TRUE.equals(leaseFree)) {
            return false;
        }
        try {
            List<Boolean> recent = jdbc.query("""
                    SELECT LAST_CHECKIN_TIME, CHECKIN_INTERVAL FROM QRTZ_SCHEDULER_STATE
                     WHERE SCHED_NAME = ? AND INSTANCE_NAME = ?""",
                    (rs, n) -> rs.getLong(1) + 2 * rs.getLong(2) + GRACE_MILLIS >= System.currentTimeMillis(),
                    scheduler.getSchedulerName(), nodeId);
            // no row yet: the node is still starting
            return recent.isEmpty() || recent.contains(Boolean.TRUE);
        } catch (SchedulerException e) {
            throw new IllegalStateException("Cannot read the scheduler's cluster state", e);
        }
    }

    @Override
    public void destroy() throws SQLException {
        if (lease != null) {
            lease.close();
        }
    }

    private static Connection holdLease(DataSource dataSource, String nodeId) throws SQLException {
        Connection connection = dataSource.getConnection();
        connection.setAutoCommit(true);
        try (PreparedStatement statement = connection.prepareStatement("SELECT pg_advisory_lock(?, ?)")) {
            statement.setInt(1, LEASE_CLASS);
            statement.setInt(2, nodeId.hashCode());
            statement.execute();
        } catch (SQLException e) {
            connection.close();
            throw e;
        }
        log.info("Node {} holds its lease in the database", nodeId);
        return connection;
    }

    private static String standaloneId() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "localhost";
        }
        return host + "-" + ProcessHandle.current().pid() + "-" + System.currentTimeMillis();
    }
}
