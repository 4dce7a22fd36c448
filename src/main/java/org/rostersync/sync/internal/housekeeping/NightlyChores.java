package org.rostersync.sync.internal.housekeeping;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The nightly passes that one node does for the whole cluster (the run-history pass, student retention): the first
 * node to claim a chore's {@code housekeeping} row does it; the others find it claimed and skip that night.
 */
@Component
public class NightlyChores {

    /** How long a node's claim keeps the others from starting the same night's pass. */
    private static final Duration CLAIM = Duration.ofHours(12);

    private static final String CLAIM_CHORE = """
            UPDATE housekeeping SET claimed_at = :now
             WHERE chore = :chore AND (claimed_at IS NULL OR claimed_at <= :before)""";

    private final JdbcClient jdbc;

    NightlyChores(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Whether this node may do {@code chore} now: true once per claim period, whichever node asks first. */
    public boolean claim(String chore, Instant now) {
        return jdbc.sql(CLAIM_CHORE).param("chore", chore)
                .param("now", now.atOffset(ZoneOffset.UTC))
                .param("before", now.minus(CLAIM).atOffset(ZoneOffset.UTC))
                .update() == 1;
    }
}
