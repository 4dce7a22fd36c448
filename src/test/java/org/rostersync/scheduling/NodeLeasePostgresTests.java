package org.rostersync.scheduling;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.quartz.Scheduler;
import org.rostersync.support.DatabaseTestSupport;
import org.rostersync.support.OnPostgres;
import org.rostersync.support.Waiting;
import org.rostersync.sync.ImportNodes;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A node's lease is a session advisory lock. When the database ends that session (a restart, a killed backend)
 * the node must take it again, and other nodes must not take the live node for a dead one meanwhile: that would
 * fail its runs and let a second run of the same feed start.
 */
@OnPostgres
class NodeLeasePostgresTests extends DatabaseTestSupport {

    @Autowired
    ImportNodes nodes;

    @Autowired
    Scheduler scheduler;

    @Autowired
    DataSource dataSource;

    @AfterEach
    void forgetOtherNodes() throws Exception {
        jdbc.update("DELETE FROM QRTZ_SCHEDULER_STATE WHERE SCHED_NAME = ? AND INSTANCE_NAME LIKE 'lease-test-%'",
                scheduler.getSchedulerName());
    }

    @Test
    void aNodeWhoseLeaseSessionEndedTakesItAgain() {
        // given
        String me = nodes.localNodeId();
        assertThat(leaseFree(me)).isFalse();

        // when: the database ends the session that holds this node's lease
        Integer ended = jdbc.queryForObject("""
                SELECT COUNT(pg_terminate_backend(pid)) FROM pg_locks
                 WHERE locktype = 'advisory' AND classid = ? AND objid = ? AND objsubid = 2
                   AND database = (SELECT oid FROM pg_database WHERE datname = current_database())""",
                Integer.class, (long) QuartzNodes.LEASE_CLASS, me.hashCode() & 0xFFFFFFFFL);
        // the backend ends a moment after the signal
        Waiting.upTo(Duration.ofSeconds(5), "the lease of node " + me + " to be free").until(() -> leaseFree(me));
        ((QuartzNodes) nodes).keepLease();

        // then
        assertThat(ended).isEqualTo(1);
        assertThat(leaseFree(me)).isFalse();
    }

    @Test
    void aFreeLeaseOfANodeThatStillChecksInIsLookedAtAgainBeforeTheNodeIsCalledDead() throws Exception {
        // given: two other nodes that checked in just now and whose lease sessions ended
        String alive = "lease-test-alive-" + System.nanoTime();
        String killed = "lease-test-killed-" + System.nanoTime();
        checkIn(alive);
        checkIn(killed);

        try (Connection session = dataSource.getConnection()) {
            // when: one takes its lease again a second later, as its keepLease would; the other never does
            CompletableFuture<Void> retaken = CompletableFuture.runAsync(() -> {
                try (PreparedStatement lock = session.prepareStatement("SELECT pg_advisory_lock(?, ?)")) {
                    lock.setInt(1, QuartzNodes.LEASE_CLASS);
                    lock.setInt(2, alive.hashCode());
                    lock.execute();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }, CompletableFuture.delayedExecutor(1, TimeUnit.SECONDS));
            boolean aliveSeen = nodes.isAlive(alive);
            retaken.get(10, TimeUnit.SECONDS);
            boolean killedSeen = nodes.isAlive(killed);

            // then
            assertThat(aliveSeen).isTrue();
            assertThat(killedSeen).isFalse();
        }
    }

    private void checkIn(String node) throws Exception {
        jdbc.update("""
                INSERT INTO QRTZ_SCHEDULER_STATE (SCHED_NAME, INSTANCE_NAME, LAST_CHECKIN_TIME, CHECKIN_INTERVAL)
                VALUES (?, ?, ?, 7500)""", scheduler.getSchedulerName(), node, System.currentTimeMillis());
    }

    private boolean leaseFree(String node) {
        return Boolean.TRUE.equals(jdbc.queryForObject("SELECT pg_try_advisory_xact_lock(?, ?)", Boolean.class,
                QuartzNodes.LEASE_CLASS, node.hashCode()));
    }
}
