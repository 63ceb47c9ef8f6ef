package com.patientsearch.operations.monitoring;

import com.patientsearch.persistence.datasource.AgroalPools;
import io.github.mfvanek.pg.connection.PgConnection;
import io.github.mfvanek.pg.connection.PgConnectionImpl;
import io.github.mfvanek.pg.connection.host.PgHostImpl;
import io.github.mfvanek.pg.core.checks.host.DuplicatedIndexesCheckOnHost;
import io.github.mfvanek.pg.core.checks.host.ForeignKeysNotCoveredWithIndexCheckOnHost;
import io.github.mfvanek.pg.core.checks.host.IndexesWithBloatCheckOnHost;
import io.github.mfvanek.pg.core.checks.host.IntersectedIndexesCheckOnHost;
import io.github.mfvanek.pg.core.checks.host.InvalidIndexesCheckOnHost;
import io.github.mfvanek.pg.core.checks.host.SequenceOverflowCheckOnHost;
import io.github.mfvanek.pg.core.checks.host.TablesWithBloatCheckOnHost;
import io.github.mfvanek.pg.core.checks.host.TablesWithMissingIndexesCheckOnHost;
import io.github.mfvanek.pg.core.checks.host.TablesWithoutPrimaryKeyCheckOnHost;
import io.github.mfvanek.pg.core.checks.host.UnusedIndexesCheckOnHost;
import io.github.mfvanek.pg.model.column.ColumnNameAware;
import io.github.mfvanek.pg.model.context.PgContext;
import io.github.mfvanek.pg.model.dbobject.DbObject;
import io.github.mfvanek.pg.model.index.DuplicatedIndexes;
import io.github.mfvanek.pg.model.index.Index;
import io.github.mfvanek.pg.model.predicates.SkipLiquibaseTablesPredicate;
import jakarta.inject.Singleton;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Index, table and session health. The catalogue checks are pg-index-health's; what it lacks (stale statistics,
 * dead tuples, sessions) is a few queries of our own. Every finding carries the SQL that would fix it.
 */
@Singleton
public class DatabaseHealth {

    private final DataSource dataSource;
    private final DatabaseHealthProperties properties;
    private final PlanFindings planFindings;
    private volatile PgConnection pgConnection;

    DatabaseHealth(DataSource dataSource, DatabaseHealthProperties properties, PlanFindings planFindings) {
        this.dataSource = AgroalPools.raw(dataSource);
        this.properties = properties;
        this.planFindings = planFindings;
    }

    public List<HealthFinding> indexFindings() throws SQLException {
        PgConnection pg = pg();
        PgContext context = PgContext.of(properties.getSchema());
        Predicate<DbObject> notLiquibase = SkipLiquibaseTablesPredicate.of(context);
        List<HealthFinding> out = new ArrayList<>();
        for (Index index : new InvalidIndexesCheckOnHost(pg).check(context, notLiquibase)) {
            out.add(new HealthFinding("INVALID_INDEX", index.getTableName(), index.getIndexName(),
                    evidence("size_bytes", index.getIndexSizeInBytes(), "valid", false),
                    "DROP INDEX CONCURRENTLY IF EXISTS " + index.getIndexName() + ";\n" + rebuild(index.getIndexName())));
        }
        Set<String> constraintIndexes = constraintIndexes();
        for (DuplicatedIndexes duplicates : new DuplicatedIndexesCheckOnHost(pg).check(context, notLiquibase)) {
            List<Index> indexes = new ArrayList<>(duplicates.getIndexes());
            // Keep the one a constraint needs (it cannot be dropped), else a protected one, else the first; drop the rest.
            indexes.sort(Comparator.comparing((Index i) -> !constraintIndexes.contains(i.getIndexName()))
                    .thenComparing(i -> !ProtectedIndexes.contains(i.getIndexName())));
            List<Index> dropped = indexes.subList(1, indexes.size()).stream()
                    .filter(i -> !ProtectedIndexes.contains(i.getIndexName())).toList();
            if (dropped.isEmpty()) {
                continue; // every copy is one the searches are planned on: nothing we would advise dropping
            }
            StringBuilder fix = new StringBuilder();
            dropped.forEach(i -> fix.append("DROP INDEX CONCURRENTLY IF EXISTS ").append(i.getIndexName()).append(";\n"));
            out.add(new HealthFinding("DUPLICATED_INDEXES", duplicates.getTableName(), String.join(", ", duplicates.getIndexNames()),
                    evidence("indexes", duplicates.getIndexNames(), "total_size_bytes", duplicates.getTotalSize(),
                            "kept", indexes.get(0).getIndexName()), fix.toString().trim()));
        }
        for (DuplicatedIndexes overlap : new IntersectedIndexesCheckOnHost(pg).check(context, notLiquibase)) {
            Optional<Index> smallest = overlap.getIndexes().stream().filter(i -> !ProtectedIndexes.contains(i.getIndexName()))
                    .min(Comparator.comparingLong(Index::getIndexSizeInBytes));
            if (smallest.isEmpty()) {
                continue;
            }
            out.add(new HealthFinding("INTERSECTED_INDEXES", overlap.getTableName(), String.join(", ", overlap.getIndexNames()),
                    evidence("indexes", overlap.getIndexNames(), "total_size_bytes", overlap.getTotalSize()),
                    "-- one index's columns lead the other's: the narrower one is usually redundant\n"
                            + "DROP INDEX CONCURRENTLY IF EXISTS " + smallest.get().getIndexName() + ";"));
        }
        StatisticsAge statistics = statisticsAge();
        if (statistics.oldEnough(properties.getUnusedIndexMinStatisticsAge())) {
            for (var unused : new UnusedIndexesCheckOnHost(pg).check(context, notLiquibase)) {
                if (ProtectedIndexes.contains(unused.getIndexName())) {
                    continue;
                }
                out.add(new HealthFinding("UNUSED_INDEX", unused.getTableName(), unused.getIndexName(),
                        evidence("index_scans", unused.getIndexScans(), "size_bytes", unused.getIndexSizeInBytes(),
                                "statistics_since", statistics.since().toString()),
                        "DROP INDEX CONCURRENTLY IF EXISTS " + unused.getIndexName() + ";"));
            }
        } else {
            // Said once, so the empty list is not read as "every index is used".
            out.add(new HealthFinding("UNUSED_INDEXES_WITHHELD", null, "unused indexes",
                    evidence("statistics_since", statistics.since().toString(),
                            "statistics_age_seconds", statistics.age().toSeconds(),
                            "required_age_seconds", properties.getUnusedIndexMinStatisticsAge().toSeconds()),
                    "-- no action: scan counts are too young to call an index unused (monitoring.database.unused-index-min-statistics-age)"));
        }
        for (var fk : new ForeignKeysNotCoveredWithIndexCheckOnHost(pg).check(context, notLiquibase)) {
            List<String> columns = fk.getColumns().stream().map(ColumnNameAware::getColumnName).toList();
            String name = indexName(fk.getTableName(), columns);
            out.add(new HealthFinding("FOREIGN_KEY_WITHOUT_INDEX", fk.getTableName(), fk.getConstraintName(),
                    evidence("columns", columns),
                    "CREATE INDEX CONCURRENTLY IF NOT EXISTS " + name + " ON " + fk.getTableName()
                            + " (" + PlanAnalyzer.identifiers(columns) + ");"));
        }
        for (var bloated : new IndexesWithBloatCheckOnHost(pg).check(context, notLiquibase)) {
            out.add(new HealthFinding("BLOATED_INDEX", bloated.getTableName(), bloated.getIndexName(),
                    evidence("bloat_bytes", bloated.getBloatSizeInBytes(), "bloat_percent", bloated.getBloatPercentage(),
                            "size_bytes", bloated.getIndexSizeInBytes()),
                    "REINDEX INDEX CONCURRENTLY " + bloated.getIndexName() + ";"));
        }
        return bounded(out);
    }

    public List<HealthFinding> tableFindings() throws SQLException {
        PgConnection pg = pg();
        PgContext context = PgContext.of(properties.getSchema());
        Predicate<DbObject> notLiquibase = SkipLiquibaseTablesPredicate.of(context);
        List<HealthFinding> out = new ArrayList<>(ownTableChecks());
        for (var table : new TablesWithMissingIndexesCheckOnHost(pg).check(context, notLiquibase)) {
            // Tie the table to the slow queries whose plans named it: their suggestions are the concrete fix.
            List<String> fixes = planFindings.forTable(bare(table.getTableName())).stream()
                    .map(PlanFinding::suggestion).filter(s -> s.startsWith("CREATE INDEX")).distinct().toList();
            out.add(new HealthFinding("TABLE_WITH_MANY_SEQ_SCANS", table.getTableName(), table.getTableName(),
                    evidence("seq_scans", table.getSeqScans(), "index_scans", table.getIndexScans(),
                            "size_bytes", table.getTableSizeInBytes()),
                    fixes.isEmpty() ? "-- find the filtering columns in /api/v1/admin/db/slow-queries, then CREATE INDEX CONCURRENTLY"
                            : String.join("\n", fixes)));
        }
        for (var bloated : new TablesWithBloatCheckOnHost(pg).check(context, notLiquibase)) {
            out.add(new HealthFinding("BLOATED_TABLE", bloated.getTableName(), bloated.getTableName(),
                    evidence("bloat_bytes", bloated.getBloatSizeInBytes(), "bloat_percent", bloated.getBloatPercentage(),
                            "size_bytes", bloated.getTableSizeInBytes()),
                    "VACUUM (ANALYZE) " + bloated.getTableName() + "; -- reclaims space for reuse; VACUUM FULL or pg_repack to shrink (FULL locks the table)"));
        }
        for (var sequence : new SequenceOverflowCheckOnHost(pg).check(context)) {
            out.add(new HealthFinding("SEQUENCE_NEAR_OVERFLOW", null, sequence.getSequenceName(),
                    evidence("data_type", sequence.getDataType(), "remaining_percent", sequence.getRemainingPercentage()),
                    "ALTER SEQUENCE " + sequence.getSequenceName() + " AS bigint; -- and widen the column it feeds to bigint"));
        }
        for (var table : new TablesWithoutPrimaryKeyCheckOnHost(pg).check(context, notLiquibase)) {
            out.add(new HealthFinding("TABLE_WITHOUT_PRIMARY_KEY", table.getTableName(), table.getTableName(),
                    evidence("size_bytes", table.getTableSizeInBytes()),
                    "ALTER TABLE " + table.getTableName() + " ADD PRIMARY KEY (...);"));
        }
        return bounded(out);
    }

    public SessionReport sessions() throws SQLException {
        Map<String, Long> byState = new LinkedHashMap<>();
        List<HealthFinding> findings = new ArrayList<>();
        try (Connection connection = dataSource.getConnection()) {
            try (PreparedStatement statement = connection.prepareStatement("""
                    SELECT coalesce(state, 'unknown') AS state, count(*) AS n FROM pg_stat_activity
                    WHERE datname = current_database() AND backend_type = 'client backend'
                    GROUP BY 1 ORDER BY 1""");
                 ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    byState.put(rs.getString("state"), rs.getLong("n"));
                }
            }
            try (PreparedStatement statement = connection.prepareStatement("""
                    SELECT pid, state, application_name, wait_event_type,
                           extract(epoch FROM now() - query_start)::bigint AS query_seconds,
                           extract(epoch FROM now() - state_change)::bigint AS state_seconds,
                           extract(epoch FROM now() - xact_start)::bigint AS xact_seconds, query
                    FROM pg_stat_activity
                    WHERE datname = current_database() AND pid <> pg_backend_pid() AND backend_type = 'client backend'
                      AND ((state = 'active' AND now() - query_start > make_interval(secs => ?))
                        OR (state LIKE 'idle in transaction%' AND now() - state_change > make_interval(secs => ?)))
                    ORDER BY xact_start NULLS LAST
                    LIMIT ?""")) {
                statement.setDouble(1, properties.getLongRunningQuery().toMillis() / 1000.0);
                statement.setDouble(2, properties.getIdleInTransaction().toMillis() / 1000.0);
                statement.setInt(3, properties.getMaxItems());
                try (ResultSet rs = statement.executeQuery()) {
                    while (rs.next()) {
                        boolean active = "active".equals(rs.getString("state"));
                        int pid = rs.getInt("pid");
                        // The query text can carry literals typed by a person: only its normalised shape leaves here.
                        String query = SqlNormalizer.normalize(rs.getString("query"));
                        findings.add(new HealthFinding(active ? "LONG_RUNNING_QUERY" : "IDLE_IN_TRANSACTION", null,
                                "pid " + pid,
                                evidence("state", rs.getString("state"), "application", rs.getString("application_name"),
                                        "wait_event_type", rs.getString("wait_event_type"),
                                        "query_seconds", rs.getLong("query_seconds"),
                                        "state_seconds", rs.getLong("state_seconds"),
                                        "transaction_seconds", rs.getLong("xact_seconds"),
                                        "family", SqlNormalizer.family(query), "query", query),
                                active ? "SELECT pg_cancel_backend(" + pid + ");" : "SELECT pg_terminate_backend(" + pid + ");"));
                    }
                }
            }
        }
        return new SessionReport(byState, findings);
    }

    /** Stale statistics and dead tuples: the two table checks pg-index-health does not have. */
    List<HealthFinding> ownTableChecks() throws SQLException {
        List<HealthFinding> out = new ArrayList<>();
        try (Connection connection = dataSource.getConnection()) {
            try (PreparedStatement statement = connection.prepareStatement("""
                    SELECT relname, n_live_tup, n_mod_since_analyze, coalesce(greatest(last_analyze, last_autoanalyze)::text, 'never') AS analyzed
                    FROM pg_stat_user_tables
                    WHERE schemaname = ? AND n_mod_since_analyze >= ? AND n_mod_since_analyze > ? * greatest(n_live_tup, 1)
                    ORDER BY n_mod_since_analyze DESC LIMIT ?""")) {
                statement.setString(1, properties.getSchema());
                statement.setLong(2, properties.getMinRows());
                statement.setDouble(3, properties.getStaleStatisticsRatio());
                statement.setInt(4, properties.getMaxItems());
                try (ResultSet rs = statement.executeQuery()) {
                    while (rs.next()) {
                        String table = rs.getString("relname");
                        out.add(new HealthFinding("STALE_STATISTICS", table, table,
                                evidence("live_rows", rs.getLong("n_live_tup"), "modified_since_analyze",
                                        rs.getLong("n_mod_since_analyze"), "last_analyze", rs.getString("analyzed")),
                                "ANALYZE " + PlanAnalyzer.qualified(properties.getSchema(), table) + ";"));
                    }
                }
            }
            try (PreparedStatement statement = connection.prepareStatement("""
                    SELECT relname, n_live_tup, n_dead_tup, coalesce(greatest(last_vacuum, last_autovacuum)::text, 'never') AS vacuumed,
                           autovacuum_count
                    FROM pg_stat_user_tables
                    WHERE schemaname = ? AND n_dead_tup >= ? AND n_dead_tup > ? * (n_live_tup + n_dead_tup)
                    ORDER BY n_dead_tup DESC LIMIT ?""")) {
                statement.setString(1, properties.getSchema());
                statement.setLong(2, properties.getMinRows());
                statement.setDouble(3, properties.getDeadTupleRatio());
                statement.setInt(4, properties.getMaxItems());
                try (ResultSet rs = statement.executeQuery()) {
                    while (rs.next()) {
                        String table = rs.getString("relname");
                        long live = rs.getLong("n_live_tup");
                        long dead = rs.getLong("n_dead_tup");
                        out.add(new HealthFinding("DEAD_TUPLES", table, table,
                                evidence("live_rows", live, "dead_rows", dead, "dead_ratio", (double) dead / Math.max(1, live + dead),
                                        "last_vacuum", rs.getString("vacuumed"), "autovacuum_count", rs.getLong("autovacuum_count")),
                                "VACUUM (ANALYZE) " + PlanAnalyzer.qualified(properties.getSchema(), table) + ";"));
                    }
                }
            }
        }
        return out;
    }

    /** Since when the scan counters have been counting: the last statistics reset, or the server start if later. */
    record StatisticsAge(Instant since, Duration age) {
        boolean oldEnough(Duration required) {
            return age.compareTo(required) >= 0;
        }
    }

    StatisticsAge statisticsAge() throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement("""
                     SELECT greatest(d.stats_reset, pg_postmaster_start_time()) AS since, now() AS at
                     FROM pg_stat_database d WHERE d.datname = current_database()""");
             ResultSet rs = statement.executeQuery()) {
            rs.next();
            Instant since = rs.getTimestamp("since").toInstant();
            return new StatisticsAge(since, Duration.between(since, rs.getTimestamp("at").toInstant()));
        }
    }

    private String rebuild(String index) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(
                     "SELECT pg_get_indexdef(to_regclass(?)), i.indisunique FROM pg_index i WHERE i.indexrelid = to_regclass(?)")) {
            statement.setString(1, index);
            statement.setString(2, index);
            try (ResultSet rs = statement.executeQuery()) {
                if (!rs.next()) {
                    return "";
                }
                String definition = rs.getString(1).replaceFirst("INDEX ", "INDEX CONCURRENTLY ") + ";";
                return rs.getBoolean(2) ? "-- remove the duplicate values first, then:\n" + definition : definition;
            }
        }
    }

    private Set<String> constraintIndexes() throws SQLException {
        Set<String> names = new HashSet<>();
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(
                     "SELECT conindid::regclass::text FROM pg_constraint WHERE conindid <> 0");
             ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
                names.add(rs.getString(1));
            }
        }
        return names;
    }

    private PgConnection pg() throws SQLException {
        if (pgConnection == null) {
            try (Connection connection = dataSource.getConnection()) {
                pgConnection = PgConnectionImpl.of(dataSource, PgHostImpl.ofUrl(connection.getMetaData().getURL()));
            }
        }
        return pgConnection;
    }

    private List<HealthFinding> bounded(List<HealthFinding> findings) {
        return findings.size() > properties.getMaxItems() ? List.copyOf(findings.subList(0, properties.getMaxItems())) : findings;
    }

    static String indexName(String table, List<String> columns) {
        String name = bare(table) + "_" + String.join("_", columns) + "_idx";
        return name.length() > 63 ? name.substring(0, 63) : name;
    }

    private static String bare(String name) {
        int dot = name.lastIndexOf('.');
        return dot < 0 ? name : name.substring(dot + 1);
    }

    static Map<String, Object> evidence(Object... pairs) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i + 1 < pairs.length; i += 2) {
            if (pairs[i + 1] != null) {
                map.put((String) pairs[i], pairs[i + 1]);
            }
        }
        return map;
    }
}
