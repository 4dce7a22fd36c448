package org.rostersync.sync.internal.database;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;

import javax.sql.DataSource;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.jdbc.datasource.DelegatingDataSource;
import org.springframework.stereotype.Component;

/**
 * Where the database can ({@link DatabaseDialect#importSession}), what an import run's job writes commits without
 * waiting for its log to reach the disk, except the run's end: a run's many small commits (Spring Batch records
 * every step's start, commits and end; the run's own records) would each wait for a disk flush. The log is written
 * in order, so the durable commit of the run's end waits for every one before it: a run is never reported ended,
 * nor its mail sent, before all it changed is on disk. A crash of the database
 * server may lose the last fraction of a second of a run in progress (a crash of this server loses nothing: the
 * database has the commits); the database is then as it was a moment earlier, and the run is recovered like any
 * other interrupted one. Every other connection use (a password reset, a student's first login, a page) commits
 * durably, and its flush takes every earlier import commit with it. The same connections also skip what else the
 * dialect leaves out for an import's statements (PostgreSQL's JIT compiler).
 * <p>
 * The setting is made on the connection a run's thread borrows, and undone when another thread borrows it: the pool
 * hands a thread back the connection it used last, so a run sets it about once.
 */
@Component
public class ImportCommits implements BeanPostProcessor {

    private static final ThreadLocal<Boolean> IN_RUN = new ThreadLocal<>();

    /** The pooled connections whose commits currently skip the flush. */
    private static final Map<Object, Boolean> RELAXED = Collections.synchronizedMap(new WeakHashMap<>());

    /** From here on, what this thread writes belongs to an import run's job. */
    public static void runStarts() {
        IN_RUN.set(Boolean.TRUE);
    }

    /** From here on, this thread's commits are durable: the run's end, or the thread's next task. */
    public static void runEnds() {
        IN_RUN.remove();
    }

    private final ObjectProvider<DatabaseDialect> dialect;

    ImportCommits(ObjectProvider<DatabaseDialect> dialect) {
        this.dialect = dialect;
    }

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        return bean instanceof DataSource dataSource && !(bean instanceof RunDataSource) && beanName.equals("dataSource")
                ? new RunDataSource(dataSource, dialect) : bean;
    }

    static final class RunDataSource extends DelegatingDataSource {

        /** Asked only once a run starts, long after the dialect read the database through this data source. */
        private final ObjectProvider<DatabaseDialect> dialect;

        RunDataSource(DataSource target, ObjectProvider<DatabaseDialect> dialect) {
            super(target);
            this.dialect = dialect;
        }

        @Override
        public Connection getConnection() throws SQLException {
            return prepared(super.getConnection());
        }

        @Override
        public Connection getConnection(String username, String password) throws SQLException {
            return prepared(super.getConnection(username, password));
        }

        private Connection prepared(Connection connection) throws SQLException {
            Object physical = connection.unwrap(Connection.class);
            boolean wanted = IN_RUN.get() != null;
            if (wanted != RELAXED.containsKey(physical)) {
                try {
                    dialect.getObject().importSession(connection, wanted);
                } catch (SQLException e) {
                    connection.close();
                    throw e;
                }
                if (wanted) {
                    RELAXED.put(physical, Boolean.TRUE);
                } else {
                    RELAXED.remove(physical);
                }
            }
            return connection;
        }
    }
}
