package com.patientsearch.operations.monitoring;

import com.patientsearch.persistence.datasource.JdbcTransaction;
import com.patientsearch.persistence.scope.CallerScope;
import com.patientsearch.persistence.scope.RowSecurity;
import io.micronaut.context.BeanProvider;
import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Re-runs a slow read under {@code EXPLAIN (ANALYZE, BUFFERS, VERBOSE, FORMAT JSON)} once per family and interval,
 * on its own pooled connection, in a READ ONLY transaction with a statement timeout, then rolls back. The plan text
 * quotes parameter values, so it is analysed in memory and dropped: only the findings are kept.
 */
@Singleton
class PlanCapture {

    private static final Logger LOG = LoggerFactory.getLogger(PlanCapture.class);

    private final PlanProperties properties;
    private final PlanFindings findings;
    private final BeanProvider<JsonMapper> json;
    private final PlanAnalyzer analyzer;
    private final Map<String, Instant> lastCapture = new ConcurrentHashMap<>();
    private final ThreadPoolExecutor executor;
    private volatile DataSource dataSource;

    PlanCapture(PlanProperties properties, PlanFindings findings, BeanProvider<JsonMapper> json) {
        this.properties = properties;
        this.findings = findings;
        this.json = json;
        this.analyzer = new PlanAnalyzer(properties);
        // One worker and a short queue: plan capture must never compete with the app for the pool.
        this.executor = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(properties.getQueueSize()), r -> {
                    Thread t = new Thread(r, "plan-capture");
                    t.setDaemon(true);
                    return t;
                }, new ThreadPoolExecutor.DiscardPolicy());
    }

    /** The unproxied pool: the EXPLAIN itself must not be timed as a slow query (it would recurse). */
    void useDataSource(DataSource raw) {
        this.dataSource = raw;
    }

    /** Whether a slow read of {@code family} would be captured now (the detector then gathers its replay). */
    boolean due(String family) {
        if (!properties.isEnabled() || dataSource == null || !json.isPresent()) {
            return false;
        }
        Instant previous = lastCapture.get(family);
        return previous == null || !previous.plus(properties.getInterval()).isAfter(Instant.now());
    }

    void submit(String family, Replay replay) {
        if (!due(family)) {
            return;
        }
        Instant now = Instant.now();
        if (lastCapture.size() > 10_000) {
            lastCapture.clear(); // bounded: at worst a family is captured once more than its interval allows
        }
        lastCapture.put(family, now);
        executor.execute(() -> capture(family, replay));
    }

    private void capture(String family, Replay replay) {
        try (Connection connection = dataSource.getConnection()) {
            // EXPLAIN ANALYZE runs the statement: rolled back, whatever it was
            List<PlanFinding> found = JdbcTransaction.rolledBack(connection, c -> {
                String plan = explain(c, replay);
                JsonNode tree = json.get().readValue(plan, Argument.of(JsonNode.class));
                return analyzer.analyze(family, tree, new CatalogLookup(c));
            });
            findings.put(family, new PlanFindings.Capture(Instant.now(), "analyzed", found));
            LOG.info("plan_captured family={} findings={}", family,
                    found.stream().map(f -> f.kind() + (f.table() == null ? "" : ":" + f.table())).toList());
        } catch (SQLException e) {
            // SQLState only: PostgreSQL error messages can quote the values.
            findings.put(family, new PlanFindings.Capture(Instant.now(), "failed: SQLState " + e.getSQLState(), List.of()));
            LOG.info("plan_capture_failed family={} sqlstate={}", family, e.getSQLState());
        } catch (IOException | RuntimeException e) {
            findings.put(family, new PlanFindings.Capture(Instant.now(), "failed: " + e.getClass().getSimpleName(), List.of()));
            LOG.info("plan_capture_failed family={} error={}", family, e.getClass().getSimpleName());
        }
    }

    private String explain(Connection connection, Replay replay) throws SQLException {
        try (Statement setup = connection.createStatement()) {
            setup.execute("SET TRANSACTION READ ONLY");
            // An integer from configuration, never user input.
            setup.execute("SET LOCAL statement_timeout = " + properties.getStatementTimeout().toMillis());
        }
        // Under the slow request's clinics: row-level security then shows the replay the rows the request saw.
        Optional<CallerScope> scope = replay.scope();
        if (scope.isPresent()) {
            RowSecurity.bind(connection, scope.get());
        }
        String sql = "EXPLAIN (ANALYZE, BUFFERS, VERBOSE, FORMAT JSON) " + replay.sql();
        if (replay.hasParameters()) {
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                replay.bind(statement);
                return first(statement.executeQuery());
            }
        }
        try (Statement statement = connection.createStatement()) {
            return first(statement.executeQuery(sql));
        }
    }

    private static String first(ResultSet rs) throws SQLException {
        try (rs) {
            StringBuilder out = new StringBuilder();
            while (rs.next()) {
                out.append(rs.getString(1));
            }
            return out.toString();
        }
    }

    /** Catalogue lookups for the analyser, on the capture's (read-only) connection, cached per capture. */
    private static final class CatalogLookup implements PlanAnalyzer.Catalog {
        private final Connection connection;
        private final Map<String, Set<String>> columns = new HashMap<>();
        private final Map<String, Boolean> stale = new HashMap<>();

        CatalogLookup(Connection connection) {
            this.connection = connection;
        }

        @Override
        public Set<String> columns(String table) {
            return columns.computeIfAbsent(table, t -> {
                Set<String> names = new java.util.HashSet<>();
                query("SELECT attname FROM pg_attribute WHERE attrelid = to_regclass(?) AND attnum > 0 AND NOT attisdropped",
                        t, rs -> names.add(rs.getString(1)));
                return names;
            });
        }

        @Override
        public boolean statisticsStale(String table) {
            return stale.computeIfAbsent(table, t -> {
                boolean[] result = {false};
                query("""
                        SELECT coalesce(last_analyze, last_autoanalyze) IS NULL
                               OR n_mod_since_analyze > 0.1 * greatest(n_live_tup, 1)
                        FROM pg_stat_all_tables WHERE relid = to_regclass(?)""", t, rs -> result[0] = rs.getBoolean(1));
                return result[0];
            });
        }

        private void query(String sql, String table, RowHandler handler) {
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                statement.setString(1, table);
                try (ResultSet rs = statement.executeQuery()) {
                    while (rs.next()) {
                        handler.accept(rs);
                    }
                }
            } catch (SQLException e) {
                // unknown table or catalogue hiccup: the finding just names fewer columns
            }
        }
    }

    private interface RowHandler {
        void accept(ResultSet rs) throws SQLException;
    }

    @PreDestroy
    void close() {
        executor.shutdownNow();
    }
}
