package org.rostersync.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.UUID;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.Test;
import org.rostersync.support.PostgresTestDatabase;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

/**
 * The {@code db} health check on real pools: DOWN at once when the pool cannot reach its database (rather than after
 * the pool's 30-second connection timeout), UP on H2 and PostgreSQL.
 */
class DatabaseHealthTests {

    @Test
    void aPoolThatCannotReachItsDatabaseIsDownAtOnce() throws IOException {
        // given: a pool whose database refuses every connection (nothing listens on its port)
        try (HikariDataSource pool = pool("jdbc:postgresql://127.0.0.1:" + closedPort() + "/gone", "postgres", -1)) {
            DatabaseHealthIndicator db = new DatabaseHealthIndicator(pool, new DatabasePool(pool));

            // when
            long start = System.nanoTime();
            Health health = db.health();
            Duration took = Duration.ofNanos(System.nanoTime() - start);

            // then
            assertThat(health.getStatus()).isEqualTo(Status.DOWN);
            assertThat(health.getDetails().get("error")).isEqualTo("the connection pool cannot reach the database");
            assertThat(took).isLessThan(Duration.ofSeconds(5));
        }
    }

    @Test
    void aPoolOnH2IsUp() {
        try (HikariDataSource pool = pool("jdbc:h2:mem:health-" + UUID.randomUUID(), "sa", 1)) {
            assertThat(new DatabasePool(pool).unreachable()).isFalse();
            assertThat(new DatabaseHealthIndicator(pool, new DatabasePool(pool)).health().getStatus())
                    .isEqualTo(Status.UP);
        }
    }

    @Test
    void aPoolOnPostgresIsUp() {
        String url = PostgresTestDatabase.create("rostersync_health_" + UUID.randomUUID().toString().replace("-", "")
                .substring(0, 12));
        try (HikariDataSource pool = pool(url, PostgresTestDatabase.user(), 1)) {
            assertThat(new DatabasePool(pool).unreachable()).isFalse();
            assertThat(new DatabaseHealthIndicator(pool, new DatabasePool(pool)).health().getStatus())
                    .isEqualTo(Status.UP);
        }
    }

    /**
     * A started pool with HikariCP's defaults (10 connections kept, 30 s to wait for one), as Spring Boot configures
     * it: its first connection is opened as it starts ({@code initializationFailTimeout} 1 ms). At -1 it starts even
     * though the database does not answer, as a running node's pool goes on after the database went away.
     */
    private static HikariDataSource pool(String url, String user, long initializationFailTimeout) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setUsername(user);
        config.setPassword("");
        config.setInitializationFailTimeout(initializationFailTimeout);
        return new HikariDataSource(config);
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
