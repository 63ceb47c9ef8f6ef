package com.patientsearch.operations.monitoring;

import com.patientsearch.persistence.datasource.AgroalPools;
import com.patientsearch.persistence.datasource.JdbcTransaction;
import io.micrometer.core.instrument.Counter;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Baseline and trend: snapshots pg_stat_statements per query family into {@code query_latency_snapshot} (so a
 * restart keeps the history), turns cumulative counters into per-interval means, and raises a degradation alert
 * (WARN log, {@code db_latency_degradations_total}, admin list) when a family's interval mean exceeds the median of
 * its earlier intervals by the configured factor. pg_stat_statements has no percentiles, so the mean is compared.
 */
@Singleton
public class LatencyTrends {

    private static final Logger LOG = LoggerFactory.getLogger(LatencyTrends.class);
    private static final int MAX_DEGRADATIONS = 100;

    private final DataSource dataSource;
    private final TrendProperties properties;
    private final MeterRegistryHolder registry;
    private final Deque<LatencyDegradation> degradations = new ArrayDeque<>();

    LatencyTrends(DataSource dataSource, TrendProperties properties, MeterRegistryHolder registry) {
        this.dataSource = AgroalPools.raw(dataSource);
        this.properties = properties;
        this.registry = registry;
    }

    private record Cumulative(String query, long calls, double totalMs, double maxMs) {
    }

    /** A family's median interval mean over the baseline window, from this many snapshots. */
    private record Baseline(double medianMs, long snapshots) {
    }

    /** Takes one snapshot; returns the degradations it found. */
    public List<LatencyDegradation> snapshot() throws SQLException {
        Instant now = Instant.now();
        List<LatencyDegradation> found = new ArrayList<>();
        try (Connection connection = dataSource.getConnection()) {
            if (!pgStatStatementsInstalled(connection)) {
                return found;
            }
            JdbcTransaction.execute(connection, c -> record(c, now, found));
        }
        found.forEach(this::alert);
        return found;
    }

    /** Writes the snapshot's rows and prunes old ones, in one transaction; adds the degradations it finds. */
    private void record(Connection connection, Instant now, List<LatencyDegradation> found) throws SQLException {
        Map<String, Cumulative> current = readStatements(connection);
        Map<String, Cumulative> previous = previous(connection, current.keySet());
        Map<String, Baseline> baselines = baselines(connection, now, current.keySet());
        try (PreparedStatement insert = connection.prepareStatement("""
                INSERT INTO query_latency_snapshot
                    (taken_at, family, calls_total, total_ms_total, interval_calls, interval_mean_ms, max_ms, query)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)""")) {
            for (var entry : current.entrySet()) {
                Cumulative now1 = entry.getValue();
                Cumulative before = previous.get(entry.getKey());
                Long intervalCalls = null;
                Double intervalMean = null;
                if (before != null) {
                    // Counters lower than last time: pg_stat_statements was reset, the interval starts at zero.
                    boolean reset = now1.calls() < before.calls();
                    long calls = reset ? now1.calls() : now1.calls() - before.calls();
                    double total = reset ? now1.totalMs() : now1.totalMs() - before.totalMs();
                    if (calls == 0) {
                        continue; // nothing ran: the previous cumulative row still serves as the base
                    }
                    intervalCalls = calls;
                    intervalMean = total / calls;
                }
                insert.setTimestamp(1, Timestamp.from(now));
                insert.setString(2, entry.getKey());
                insert.setLong(3, now1.calls());
                insert.setDouble(4, now1.totalMs());
                insert.setObject(5, intervalCalls);
                insert.setObject(6, intervalMean);
                insert.setDouble(7, now1.maxMs());
                insert.setString(8, now1.query());
                insert.addBatch();
                if (intervalMean != null && intervalCalls >= properties.getMinCalls()) {
                    LatencyDegradation d = degradation(baselines.get(entry.getKey()), now, entry.getKey(),
                            now1.query(), intervalMean, intervalCalls);
                    if (d != null) {
                        found.add(d);
                    }
                }
            }
            insert.executeBatch();
        }
        try (PreparedStatement prune = connection.prepareStatement(
                "DELETE FROM query_latency_snapshot WHERE taken_at < ?")) {
            prune.setTimestamp(1, Timestamp.from(now.minus(properties.getRetention())));
            prune.executeUpdate();
        }
    }

    public List<LatencyDegradation> degradations() {
        synchronized (degradations) {
            return List.copyOf(degradations);
        }
    }

    /** The {@code families} slowest families by latest interval mean (or the one asked for), {@code points} each. */
    public List<LatencyTrend> trends(String family, int families, int points) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement("""
                     WITH chosen AS (
                         SELECT family FROM (
                             SELECT DISTINCT ON (family) family, interval_mean_ms
                             FROM query_latency_snapshot
                             WHERE interval_mean_ms IS NOT NULL AND (?::text IS NULL OR family = ?)
                             ORDER BY family, taken_at DESC) latest
                         ORDER BY interval_mean_ms DESC LIMIT ?)
                     SELECT family, taken_at, interval_mean_ms, interval_calls, query FROM (
                         SELECT s.*, row_number() OVER (PARTITION BY s.family ORDER BY s.taken_at DESC) AS n
                         FROM query_latency_snapshot s JOIN chosen USING (family)
                         WHERE s.interval_mean_ms IS NOT NULL) ranked
                     WHERE n <= ?
                     ORDER BY family, taken_at""")) {
            statement.setString(1, family);
            statement.setString(2, family);
            statement.setInt(3, families);
            statement.setInt(4, points);
            Map<String, List<LatencyTrend.Point>> series = new LinkedHashMap<>();
            Map<String, String> queries = new HashMap<>();
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    String name = rs.getString("family");
                    queries.put(name, rs.getString("query"));
                    series.computeIfAbsent(name, k -> new ArrayList<>()).add(new LatencyTrend.Point(
                            rs.getTimestamp("taken_at").toInstant(), rs.getDouble("interval_mean_ms"), rs.getLong("interval_calls")));
                }
            }
            List<LatencyTrend> out = new ArrayList<>();
            series.forEach((name, list) -> out.add(new LatencyTrend(name, queries.get(name), list)));
            return out;
        }
    }

    private Map<String, Cumulative> readStatements(Connection connection) throws SQLException {
        Map<String, Cumulative> byFamily = new LinkedHashMap<>();
        try (PreparedStatement statement = connection.prepareStatement("""
                SELECT query, calls, total_exec_time, max_exec_time FROM pg_stat_statements
                WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
                  AND query !~* %s
                ORDER BY total_exec_time DESC LIMIT ?""".formatted(StatementStats.UTILITY_PATTERN))) {
            statement.setInt(1, properties.getMaxStatements());
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    String normalized = SqlNormalizer.normalize(rs.getString("query"));
                    String family = SqlNormalizer.family(normalized);
                    Cumulative c = new Cumulative(normalized, rs.getLong("calls"), rs.getDouble("total_exec_time"),
                            rs.getDouble("max_exec_time"));
                    // Several entries can share a family (other users, IN-list lengths): add them up.
                    byFamily.merge(family, c, (a, b) -> new Cumulative(a.query(), a.calls() + b.calls(),
                            a.totalMs() + b.totalMs(), Math.max(a.maxMs(), b.maxMs())));
                }
            }
        }
        return byFamily;
    }

    private static Map<String, Cumulative> previous(Connection connection, Set<String> families) throws SQLException {
        Map<String, Cumulative> out = new HashMap<>();
        if (families.isEmpty()) {
            return out;
        }
        Array names = connection.createArrayOf("varchar", families.toArray());
        try (PreparedStatement statement = connection.prepareStatement("""
                SELECT DISTINCT ON (family) family, query, calls_total, total_ms_total, max_ms
                FROM query_latency_snapshot WHERE family = ANY (?)
                ORDER BY family, taken_at DESC""")) {
            statement.setArray(1, names);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString("family"), new Cumulative(rs.getString("query"), rs.getLong("calls_total"),
                            rs.getDouble("total_ms_total"), rs.getDouble("max_ms")));
                }
            }
        } finally {
            names.free();
        }
        return out;
    }

    /** Every family's baseline in one statement: the median of its interval means over the baseline window. */
    private Map<String, Baseline> baselines(Connection connection, Instant now, Set<String> families)
            throws SQLException {
        Map<String, Baseline> out = new HashMap<>();
        if (families.isEmpty()) {
            return out;
        }
        Array names = connection.createArrayOf("varchar", families.toArray());
        try (PreparedStatement statement = connection.prepareStatement("""
                SELECT family, percentile_cont(0.5) WITHIN GROUP (ORDER BY interval_mean_ms), count(*)
                FROM query_latency_snapshot
                WHERE family = ANY (?) AND taken_at >= ? AND taken_at < ? AND interval_calls >= ?
                GROUP BY family""")) {
            statement.setArray(1, names);
            statement.setTimestamp(2, Timestamp.from(now.minus(properties.getBaselineWindow())));
            statement.setTimestamp(3, Timestamp.from(now));
            statement.setLong(4, properties.getMinCalls());
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), new Baseline(rs.getDouble(2), rs.getLong(3)));
                }
            }
        } finally {
            names.free();
        }
        return out;
    }

    private LatencyDegradation degradation(Baseline baseline, Instant now, String family, String query, double mean,
                                           long calls) {
        if (baseline == null || baseline.snapshots() < properties.getMinBaselineSnapshots()) {
            return null;
        }
        if (baseline.medianMs() <= 0 || mean <= baseline.medianMs() * properties.getDegradationFactor()) {
            return null;
        }
        return new LatencyDegradation(now, family, query, mean, baseline.medianMs(), mean / baseline.medianMs(), calls);
    }

    private void alert(LatencyDegradation d) {
        LOG.warn("latency_degradation family={} interval_mean_ms={} baseline_ms={} ratio={} calls={} sql=\"{}\"",
                d.family(), String.format("%.3f", d.intervalMeanMs()), String.format("%.3f", d.baselineMs()),
                String.format("%.1f", d.ratio()), d.intervalCalls(), d.query().replace("\"", "\\\""));
        registry.with(r -> Counter.builder("db_latency_degradations").tag("family", d.family())
                .description("Query families whose interval mean latency rose past the degradation factor").register(r).increment());
        synchronized (degradations) {
            degradations.addFirst(d);
            while (degradations.size() > MAX_DEGRADATIONS) {
                degradations.removeLast();
            }
        }
    }

    private static boolean pgStatStatementsInstalled(Connection connection) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT 1 FROM pg_extension WHERE extname = 'pg_stat_statements'");
             ResultSet rs = statement.executeQuery()) {
            return rs.next();
        }
    }
}
