package com.patientsearch.operations.monitoring;

import com.patientsearch.persistence.datasource.AgroalPools;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micronaut.context.annotation.Requires;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.micronaut.context.BeanProvider;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * PostgreSQL-side gauges (buffer cache hit ratio, connections by state, deadlocks, transactions, database size).
 * They are collected on a schedule and only read on scrape, so a burst of scrapes never becomes a burst of SQL.
 */
@Singleton
@Requires(beans = MeterRegistry.class)
class PostgresMetrics implements MeterBinder {

    private static final Logger LOG = LoggerFactory.getLogger(PostgresMetrics.class);
    static final List<String> STATES = List.of("active", "idle", "idle in transaction",
            "idle in transaction (aborted)", "fastpath function call", "disabled");

    // Resolved at the first collection, not at construction: binding meters must not need the DataSource, which
    // (with read replicas) needs the scheduler, which needs the meter registry that binds this.
    private final BeanProvider<DataSource> dataSources;
    private volatile Map<String, Double> values = Map.of();

    PostgresMetrics(BeanProvider<DataSource> dataSources) {
        this.dataSources = dataSources;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        gauge(registry, "postgres.buffer.cache.hit.ratio", "hit_ratio", "Shared buffer hits / (hits + reads) for this database");
        gauge(registry, "postgres.database.size.bytes", "size", "Size of this database on disk");
        counter(registry, "postgres.deadlocks", "deadlocks", "Deadlocks detected in this database");
        gauge(registry, "postgres.oldest.xid.age", "xid_age",
                "Transactions since the oldest unfrozen XID of any database (wraparound at about 2.1 billion)");
        counter(registry, "postgres.transactions.committed", "xact_commit", "Transactions committed");
        counter(registry, "postgres.transactions.rolled.back", "xact_rollback", "Transactions rolled back");
        for (String state : STATES) {
            Gauge.builder("postgres.connections", this, m -> m.values.getOrDefault("state:" + state, 0.0))
                    .tag("state", state.replaceAll("[^a-z]+", "_").replaceAll("_$", ""))
                    .description("Client connections to this database by state").register(registry);
        }
    }

    @Scheduled(fixedDelay = "${monitoring.database.metrics-interval:30s}", initialDelay = "1s")
    void collect() {
        Map<String, Double> next = new HashMap<>();
        DataSource dataSource = AgroalPools.raw(dataSources.get());
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            try (ResultSet rs = statement.executeQuery("""
                    SELECT blks_hit, blks_read, xact_commit, xact_rollback, deadlocks, pg_database_size(datname) AS size
                    FROM pg_stat_database WHERE datname = current_database()""")) {
                if (rs.next()) {
                    double hit = rs.getLong("blks_hit");
                    double read = rs.getLong("blks_read");
                    next.put("hit_ratio", hit + read == 0 ? 1.0 : hit / (hit + read));
                    for (String column : List.of("xact_commit", "xact_rollback", "deadlocks", "size")) {
                        next.put(column, (double) rs.getLong(column));
                    }
                }
            }
            try (ResultSet rs = statement.executeQuery("SELECT max(age(datfrozenxid)) FROM pg_database")) {
                if (rs.next()) {
                    next.put("xid_age", (double) rs.getLong(1));
                }
            }
            try (ResultSet rs = statement.executeQuery("""
                    SELECT coalesce(state, 'unknown') AS state, count(*) AS n FROM pg_stat_activity
                    WHERE datname = current_database() AND backend_type = 'client backend' GROUP BY 1""")) {
                while (rs.next()) {
                    next.put("state:" + rs.getString("state"), (double) rs.getLong("n"));
                }
            }
            values = next;
        } catch (SQLException e) {
            LOG.warn("postgres_metrics_failed sqlstate={}", e.getSQLState());
        }
    }

    private void gauge(MeterRegistry registry, String meter, String key, String help) {
        Gauge.builder(meter, this, m -> m.values.getOrDefault(key, Double.NaN)).description(help).register(registry);
    }

    private void counter(MeterRegistry registry, String meter, String key, String help) {
        FunctionCounter.builder(meter, this, m -> m.values.getOrDefault(key, 0.0)).description(help).register(registry);
    }
}
