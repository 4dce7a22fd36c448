package org.rostersync.scheduling;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

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
 * lives. Another node is dead when nobody holds its lock any more (a killed process loses its session) or when it
 * holds it but stopped checking in to {@code QRTZ_SCHEDULER_STATE} (a hung or cut-off node). A live node can lose
 * its lock too, when the database ends its session (a restart, a fail-over, a killed backend): it checks its lease
 * every few seconds and takes it again, and a lock found free while its node still checks in is looked at once more
 * after that time, so a live node's runs are never taken for a dead node's.
 * Without a cluster (H2, one process) Quartz's instance id is always {@code NON_CLUSTERED}, so this node takes an id
 * of its own per start and no other node is ever alive: every run an earlier process left behind is recovered.
 */
class QuartzNodes implements ImportNodes, DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(QuartzNodes.class);

    /** Quartz's own slack before it declares a node failed, on top of the check-in interval. */
    private static final long GRACE_MILLIS = 7_500;

    /** The advisory lock namespace of node leases ("RSYN"); the second key is the node id's hash. */
    static final int LEASE_CLASS = 0x5253594E;

    /** How often this node makes sure it still holds its lease. */
    static final long LEASE_CHECK_MILLIS = 5_000;

    private final Scheduler scheduler;
    private final JdbcTemplate jdbc;
    private final boolean clustered;
    private final String localId;
    private final DataSource dataSource;
    /**
     * Its own thread: on Spring's scheduler (one thread) the lease would wait behind the recovery sweep, which may
     * itself wait for another node's lease.
     */
    private final ScheduledExecutorService leaseKeeper;
    private Connection lease;

    QuartzNodes(Scheduler scheduler, JdbcTemplate jdbc, DataSource dataSource, boolean sharedSchedule)
            throws SchedulerException, SQLException {
        this.scheduler = scheduler;
        this.jdbc = jdbc;
        this.dataSource = dataSource;
        this.clustered = sharedSchedule && scheduler.getMetaData().isJobStoreClustered();
        this.localId = clustered ? scheduler.getSchedulerInstanceId() : standaloneId();
        this.lease = clustered ? holdLease(dataSource, localId) : null;
        this.leaseKeeper = clustered ? Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "node-lease");
            thread.setDaemon(true);
            return thread;
        }) : null;
        if (leaseKeeper != null) {
            leaseKeeper.scheduleWithFixedDelay(this::keepLease, LEASE_CHECK_MILLIS, LEASE_CHECK_MILLIS,
                    TimeUnit.MILLISECONDS);
        }
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
        if (!leaseFree(nodeId)) {
            // no row yet: the node is still starting
            return checkIn(nodeId).map(this::recent).orElse(true);
        }
        if (!checkIn(nodeId).map(this::recent).orElse(false)) {
            return false; // killed: its session ended with it, and it stopped checking in
        }
        // free, yet the node checked in lately: killed moments ago, or alive with its session ended by the
        // database; a live node takes its lease again within LEASE_CHECK_MILLIS
        try {
            Thread.sleep(LEASE_CHECK_MILLIS + 1_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true; // not known to be dead
        }
        return !leaseFree(nodeId);
    }

    /**
     * Takes this node's lease again if the database ended the session that held it. The check also keeps that
     * session from idling out ({@code idle_session_timeout}).
     */
    synchronized void keepLease() {
        if (!clustered) {
            return;
        }
        try {
            if (lease != null && lease.isValid(2) && !leaseFree(localId)) {
                return;
            }
            log.warn("Node {} lost its lease in the database (its session ended); taking it again", localId);
            closeQuietly(lease);
            lease = null;
            lease = holdLease(dataSource, localId);
        } catch (SQLException | RuntimeException e) {
            log.warn("Node {} cannot check its lease in the database yet: {}", localId, e.getMessage());
        }
    }

    /** Whether nobody holds the node's lease (in autocommit the lock is taken and released by this statement). */
    private boolean leaseFree(String nodeId) {
        return Boolean.TRUE.equals(jdbc.queryForObject("SELECT pg_try_advisory_xact_lock(?, ?)", Boolean.class,
                LEASE_CLASS, nodeId.hashCode()));
    }

    private record CheckIn(long last, long interval) {
    }

    private Optional<CheckIn> checkIn(String nodeId) {
        try {
            return jdbc.query("""
                    SELECT LAST_CHECKIN_TIME, CHECKIN_INTERVAL FROM QRTZ_SCHEDULER_STATE
                     WHERE SCHED_NAME = ? AND INSTANCE_NAME = ?""",
                    (rs, n) -> new CheckIn(rs.getLong(1), rs.getLong(2)), scheduler.getSchedulerName(), nodeId)
                    .stream().findFirst();
        } catch (SchedulerException e) {
            throw new IllegalStateException("Cannot read the scheduler's cluster state", e);
        }
    }

    private boolean recent(CheckIn checkIn) {
        return checkIn.last() + 2 * checkIn.interval() + GRACE_MILLIS >= System.currentTimeMillis();
    }

    @Override
    public void destroy() {
        if (leaseKeeper != null) {
            leaseKeeper.shutdownNow();
        }
        synchronized (this) {
            closeQuietly(lease);
            lease = null;
        }
    }

    private static void closeQuietly(Connection connection) {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException e) {
                // the session is gone already
            }
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
