package org.rostersync.account;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The audit trail of student accounts: a request's events one at a time here. A run's events are written in bulk,
 * beside the changes they record: by the import's apply step in the sync module, and by this module's
 * {@link HeldAccountChanges}, {@link RevertedAccounts}, {@link UnusedPasswords} and {@link ExpiredPersonalData}.
 */
@Repository
public class AccountEvents {

    /**
     * The block of a district's first import in one pass that holds account {@code :a}, if any: that run stored one
     * row per school ({@code run_block}, written by the sync module) for its accounts' CREATED events, the account's
     * first. Blocks never overlap: the one with the highest first id at or below the account's, if it reaches it.
     */
    private static final String BLOCK_OF_ACCOUNT = """
            b.first_id = (SELECT MAX(f.first_id) FROM run_block f WHERE f.first_id <= :a) AND b.last_id >= :a""";

    private final JdbcClient jdbc;

    AccountEvents(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Records an event caused by a request (not a run). {@code detail} must never hold a password. */
    public void record(long accountId, AccountEventType event, Instant at, String actor, String detail) {
        jdbc.sql("""
                INSERT INTO account_event (account_id, event, at, actor, run_id, detail)
                VALUES (:account, :event, :at, :actor, NULL, :detail)""")
                .param("account", accountId)
                .param("event", event.name())
                .param("at", OffsetDateTime.ofInstant(at, ZoneOffset.UTC))
                .param("actor", actor)
                .param("detail", detail)
                .update();
    }

    /** An account's events, oldest first. */
    public List<AccountEvent> forAccount(long accountId) {
        return forAccount(accountId, 0, Integer.MAX_VALUE);
    }

    /** A page of an account's events, oldest first. */
    public List<AccountEvent> forAccount(long accountId, int offset, int limit) {
        return jdbc.sql("""
                SELECT event, at, actor, run_id, detail FROM (
                    SELECT %s AS event, b.at, b.actor, b.run_id, 'school ' || b.school_id AS detail, 0 AS kind,
                           0 AS id
                      FROM run_block b
                     WHERE %s
                    UNION ALL
                    SELECT event, at, actor, run_id, detail, 1, id FROM account_event WHERE account_id = :a) e
                 ORDER BY kind, id OFFSET :offset ROWS FETCH NEXT :limit ROWS ONLY""".formatted(
                        AccountEventType.CREATED.sql(), BLOCK_OF_ACCOUNT))
                .param("a", accountId)
                .param("offset", offset)
                .param("limit", limit)
                .query((rs, row) -> {
                    Timestamp at = rs.getTimestamp("at");
                    // a request's events have no run: NULL, which getLong reads as 0
                    Long runId = rs.getObject("run_id", Long.class);
                    return new AccountEvent(rs.getString("event"), at == null ? null : at.toInstant(),
                            rs.getString("actor"), runId, rs.getString("detail"));
                })
                .list();
    }

    /** How many events an account has. */
    public long count(long accountId) {
        return jdbc.sql("""
                SELECT (SELECT COUNT(*) FROM account_event WHERE account_id = :a)
                     + (SELECT COUNT(*) FROM run_block b WHERE %s)""".formatted(BLOCK_OF_ACCOUNT))
                .param("a", accountId)
                .query(Long.class).single();
    }
}
