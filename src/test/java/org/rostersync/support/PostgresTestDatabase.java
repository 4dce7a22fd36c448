package org.rostersync.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.context.support.TestPropertySourceUtils;

/**
 * Points a test context at a fresh database on the real PostgreSQL server (127.0.0.1:5432 unless
 * {@code ROSTERSYNC_TEST_PG_HOST}/{@code _PORT}/{@code _USER} say otherwise), dropped when the JVM exits. A missing
 * server fails the tests: they never skip.
 */
public class PostgresTestDatabase implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    private static final String HOST = env("ROSTERSYNC_TEST_PG_HOST", "127.0.0.1");
    private static final String PORT = env("ROSTERSYNC_TEST_PG_PORT", "5432");
    private static final String USER = env("ROSTERSYNC_TEST_PG_USER", "postgres");

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        String url = create("rostersync_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12));
        TestPropertySourceUtils.addInlinedPropertiesToEnvironment(context, "spring.datasource.url=" + url,
                "spring.datasource.username=" + USER, "spring.datasource.password=");
    }

    /** Creates a new empty database and returns its JDBC URL. */
    public static String create(String name) {
        try (Connection admin = DriverManager.getConnection(url("postgres"), USER, "");
                Statement statement = admin.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL is required for these tests and is not reachable at " + HOST
                    + ":" + PORT + " as " + USER + " (" + e.getMessage() + "). Start it with: pg_ctlcluster"
                    + " --skip-systemctl-redirect $(ls /etc/postgresql) main start", e);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> drop(name)));
        return url(name);
    }

    private static void drop(String name) {
        try (Connection admin = DriverManager.getConnection(url("postgres"), USER, "");
                Statement statement = admin.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        } catch (SQLException e) {
            // the server is going away too; nothing to clean
        }
    }

    private static String url(String database) {
        return "jdbc:postgresql://" + HOST + ":" + PORT + "/" + database;
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
