package org.rostersync.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * An embedded PostgreSQL 17 that one test owns and may stop and start again, on the same port and data directory,
 * as a database server restarts under the application: while it is stopped nothing listens on its port, so every
 * connection is refused. Never the machine's shared server. Its log goes to {@code target/it-logs/<name>-pg.log}.
 */
public final class RestartablePostgres implements AutoCloseable {

    private final Path dataDir;
    private final Path log;
    private final int port;
    private EmbeddedPostgres server;

    private RestartablePostgres(Path dataDir, Path log, EmbeddedPostgres server) {
        this.dataDir = dataDir;
        this.log = log;
        this.server = server;
        this.port = server.getPort();
    }

    /** Creates a cluster in {@code dataDir} (which must not exist yet) and starts it on a free port. */
    public static RestartablePostgres start(String name, Path dataDir) throws IOException {
        Path log = Path.of("target", "it-logs", name + "-pg.log").toAbsolutePath();
        Files.createDirectories(log.getParent());
        return new RestartablePostgres(dataDir, log, builder(dataDir, log).start());
    }

    /**
     * Like the suite's embedded server ({@link PostgresTestDatabase}): {@code synchronous_commit} on as on a stock
     * server, PostgreSQL's own C.UTF-8 locale. The data directory is kept across a stop.
     */
    private static EmbeddedPostgres.Builder builder(Path dataDir, Path log) {
        return EmbeddedPostgres.builder()
                .setDataDirectory(dataDir)
                .setCleanDataDirectory(false)
                .setServerConfig("synchronous_commit", "on")
                .setLocaleConfig("locale", "C")
                .setLocaleConfig("locale-provider", "builtin")
                .setLocaleConfig("builtin-locale", "C.UTF-8")
                .setPGStartupWait(Duration.ofSeconds(60))
                .setOutputRedirector(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .setErrorRedirector(ProcessBuilder.Redirect.appendTo(log.toFile()));
    }

    public int port() {
        return port;
    }

    /** The JDBC URL of a database on this server (user {@code postgres}, no password). */
    public String url(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    /** Creates an empty database and returns its URL. */
    public String createDatabase(String database) throws SQLException {
        try (Connection admin = DriverManager.getConnection(url("postgres"), "postgres", "");
                Statement statement = admin.createStatement()) {
            statement.execute("CREATE DATABASE " + database);
        }
        return url(database);
    }

    /**
     * Stops the server as an administrator's restart does ({@code pg_ctl stop -m fast}: every session is ended,
     * open transactions roll back) and waits until its postmaster is gone.
     */
    public synchronized void stop() throws IOException {
        server.close();
        server = null;
        Waiting.upTo(Duration.ofSeconds(60), "PostgreSQL on port " + port + " to stop (log: " + log + ")")
                .pollInterval(Duration.ofMillis(100))
                .until(() -> !Files.exists(dataDir.resolve("postmaster.pid")));
    }

    /** Starts the stopped server again on the same port and data directory; returns once it answers. */
    public synchronized void startAgain() throws IOException {
        if (server != null) {
            throw new IllegalStateException("PostgreSQL on port " + port + " is running");
        }
        server = builder(dataDir, log).setPort(port).start();
    }

    /** Starts the server again if a test stopped it and did not get as far as starting it. */
    public synchronized void ensureRunning() throws IOException {
        if (server == null) {
            startAgain();
        }
    }

    @Override
    public synchronized void close() throws IOException {
        if (server != null) {
            server.close();
            server = null;
        }
    }
}
