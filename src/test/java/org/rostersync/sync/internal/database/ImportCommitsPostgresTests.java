package org.rostersync.sync.internal.database;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.rostersync.support.DatabaseTestSupport;
import org.rostersync.support.OnPostgres;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** What an import run writes commits without a disk flush each; its end, and everything else, commit durably. */
@OnPostgres
class ImportCommitsPostgresTests extends DatabaseTestSupport {

    @Autowired
    PlatformTransactionManager transactionManager;

    private String inTransaction() {
        return new TransactionTemplate(transactionManager)
                .execute(status -> jdbc.queryForObject("SHOW synchronous_commit", String.class));
    }

    private String jit() {
        return new TransactionTemplate(transactionManager)
                .execute(status -> jdbc.queryForObject("SHOW jit", String.class));
    }

    @Test
    void aRunsStatementsAreNotCompiledAndEverythingElseKeepsTheServersSetting() {
        // given: the server's own setting (on by default since PostgreSQL 12)
        String server = jit();
        try {
            // when: a run's job runs on this thread
            ImportCommits.runStarts();
            assertThat(jit()).isEqualTo("off");
            // another thread borrowing a connection meanwhile keeps the server's
            assertThat(java.util.concurrent.CompletableFuture.supplyAsync(this::jit).join()).isEqualTo(server);
        } finally {
            ImportCommits.runEnds();
        }
        // then: the thread's next task has the server's setting again
        assertThat(jit()).isEqualTo(server);
    }

    @Test
    void onlyARunsConnectionsSkipTheFlushUntilTheRunEnds() {
        // a page's or a password reset's transaction
        assertThat(inTransaction()).isEqualTo("on");
        try {
            // while a run's job runs on this thread
            ImportCommits.runStarts();
            assertThat(inTransaction()).isEqualTo("off");
            assertThat(jdbc.queryForObject("SHOW synchronous_commit", String.class)).as("outside a transaction")
                    .isEqualTo("off");
            // another thread (a web request) borrowing a connection meanwhile commits durably
            String other = java.util.concurrent.CompletableFuture.supplyAsync(this::inTransaction).join();
            assertThat(other).isEqualTo("on");
        } finally {
            // the run's end (its listener), and the thread's next task
            ImportCommits.runEnds();
        }
        assertThat(inTransaction()).isEqualTo("on");
    }
}
