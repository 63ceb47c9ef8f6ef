package com.patientsearch.operations.monitoring;

import com.patientsearch.persistence.datasource.AgroalPools;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalTime;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.locks.ReentrantLock;

/**
 * ANALYZE for stale statistics, VACUUM (ANALYZE) for dead tuples, REINDEX CONCURRENTLY for invalid or bloated
 * indexes: targets come from {@link DatabaseHealth}, each statement runs on its own autocommit connection with a
 * lock_timeout (so it yields to the app instead of queueing in front of it) and is logged with its duration.
 */
@Singleton
public class Maintenance {

    private static final Logger LOG = LoggerFactory.getLogger(Maintenance.class);

    public enum Job { ANALYZE, VACUUM, REINDEX }

    private final DataSource dataSource;
    private final DatabaseHealth health;
    private final MaintenanceProperties properties;
    private final Deque<MaintenanceRun> history = new ArrayDeque<>();
    // One job at a time: two VACUUMs in parallel would only compete for the same I/O.
    private final ReentrantLock running = new ReentrantLock();

    Maintenance(DataSource dataSource, DatabaseHealth health, MaintenanceProperties properties) {
        this.dataSource = AgroalPools.raw(dataSource);
        this.health = health;
        this.properties = properties;
    }

    /** Runs {@code job} on every table or index that needs it; REINDEX only inside the window unless forced. */
    public List<MaintenanceRun> run(Job job, String trigger, boolean ignoreWindow) throws SQLException {
        if (job == Job.REINDEX && !ignoreWindow && !inWindow()) {
            LOG.info("maintenance job={} skipped=outside_window window={}-{}", job, properties.getWindowStart(),
                    properties.getWindowEnd());
            return List.of();
        }
        if (!running.tryLock()) {
            LOG.info("maintenance job={} skipped=another_job_running", job);
            return List.of();
        }
        try {
            List<MaintenanceRun> runs = new ArrayList<>();
            for (String[] target : targets(job)) {
                runs.add(execute(job, target[0], target[1], trigger));
            }
            return runs;
        } finally {
            running.unlock();
        }
    }

    public List<MaintenanceRun> history() {
        synchronized (history) {
            return List.copyOf(history);
        }
    }

    public boolean isRunning() {
        return running.isLocked();
    }

    public boolean inWindow() {
        LocalTime now = LocalTime.now(properties.getZone());
        LocalTime start = properties.getWindowStart();
        LocalTime end = properties.getWindowEnd();
        return start.isBefore(end)
                ? !now.isBefore(start) && now.isBefore(end)
                : !now.isBefore(start) || now.isBefore(end); // a window over midnight
    }

    public MaintenanceProperties properties() {
        return properties;
    }

    private static String show(Statement statement, String setting) throws SQLException {
        try (var rs = statement.executeQuery("SELECT current_setting('" + setting + "')")) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static void restore(Connection connection, String setting, String value) throws SQLException {
        try (var statement = connection.prepareStatement("SELECT set_config(?, ?, false)")) {
            statement.setString(1, setting);
            statement.setString(2, value);
            statement.execute();
        }
    }

    /** {target, sql} pairs; names come from the catalogue (regclass text, already quoted where needed). */
    private List<String[]> targets(Job job) throws SQLException {
        List<String[]> out = new ArrayList<>();
        switch (job) {
            case ANALYZE -> health.ownTableChecks().stream().filter(f -> "STALE_STATISTICS".equals(f.check()))
                    .forEach(f -> out.add(new String[]{f.table(), f.fix()}));
            case VACUUM -> health.ownTableChecks().stream().filter(f -> "DEAD_TUPLES".equals(f.check()))
                    .forEach(f -> out.add(new String[]{f.table(), f.fix()}));
            case REINDEX -> health.indexFindings().stream()
                    .filter(f -> "INVALID_INDEX".equals(f.check()) || "BLOATED_INDEX".equals(f.check()))
                    .forEach(f -> out.add(new String[]{f.object(), "REINDEX INDEX CONCURRENTLY " + f.object() + ";"}));
        }
        return out;
    }

    private MaintenanceRun execute(Job job, String target, String sql, String trigger) {
        Instant at = Instant.now();
        long started = System.nanoTime();
        String outcome;
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            // VACUUM and REINDEX CONCURRENTLY refuse to run inside a transaction block.
            connection.setAutoCommit(true);
            String lockTimeout = show(statement, "lock_timeout");
            String statementTimeout = show(statement, "statement_timeout");
            statement.execute("SET lock_timeout = " + properties.getLockTimeout().toMillis());
            statement.execute("SET statement_timeout = " + properties.getStatementTimeout().toMillis());
            try {
                statement.execute(sql);
                outcome = "ok";
            } finally {
                // The connection goes back to the pool: restore what the pool's initial SQL had set.
                restore(connection, "lock_timeout", lockTimeout);
                restore(connection, "statement_timeout", statementTimeout);
            }
        } catch (SQLException e) {
            outcome = "failed: SQLState " + e.getSQLState();
        }
        long durationMs = (System.nanoTime() - started) / 1_000_000;
        MaintenanceRun run = new MaintenanceRun(at, job.name().toLowerCase(Locale.ROOT), target, sql, durationMs, outcome,
                trigger);
        if ("ok".equals(outcome)) {
            LOG.info("maintenance job={} target={} duration_ms={} outcome=\"{}\" trigger={}", run.job(), target,
                    durationMs, outcome, trigger);
        } else {
            LOG.warn("maintenance job={} target={} duration_ms={} outcome=\"{}\" trigger={}", run.job(), target,
                    durationMs, outcome, trigger);
        }
        synchronized (history) {
            history.addFirst(run);
            while (history.size() > properties.getHistorySize()) {
                history.removeLast();
            }
        }
        return run;
    }
}
