package com.patientsearch.operations.monitoring;

import com.patientsearch.domain.common.CodedEnum;
import com.patientsearch.persistence.datasource.AgroalPools;
import jakarta.inject.Singleton;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** Top statements of this database from pg_stat_statements (PostgreSQL 13+ column names). */
@Singleton
public class StatementStats {

    /** The ORDER BY columns callers may choose; the SQL text comes from this enum, never from a request. */
    public enum Order implements CodedEnum {
        TOTAL_TIME("total_exec_time"), MEAN_TIME("mean_exec_time"), CALLS("calls");

        private final String column;

        Order(String column) {
            this.column = column;
        }
    }

    /** Transaction control and session statements: noise in a list of what to optimise. */
    static final String UTILITY_PATTERN =
            "'^\\s*(begin|commit|rollback|start transaction|set|show|reset|savepoint|release|discard|deallocate)\\y'";

    private final DataSource dataSource;
    private final DatabaseHealthProperties properties;

    StatementStats(DataSource dataSource, DatabaseHealthProperties properties) {
        this.dataSource = AgroalPools.raw(dataSource);
        this.properties = properties;
    }

    /** Empty when the extension is not installed in this database. */
    public List<StatementStat> top(Order order, int limit) throws SQLException {
        int bounded = Math.max(1, Math.min(limit, properties.getMaxItems()));
        try (Connection connection = dataSource.getConnection()) {
            if (!installed(connection)) {
                return List.of();
            }
            try (PreparedStatement statement = connection.prepareStatement("""
                    SELECT s.query, s.calls, s.total_exec_time, s.mean_exec_time, s.max_exec_time, s.rows,
                           s.shared_blks_hit, s.shared_blks_read
                    FROM pg_stat_statements s
                    WHERE s.dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
                      AND s.query !~* %s
                    ORDER BY s.%s DESC
                    LIMIT ?""".formatted(UTILITY_PATTERN, order.column))) {
                statement.setInt(1, bounded);
                List<StatementStat> out = new ArrayList<>();
                try (ResultSet rs = statement.executeQuery()) {
                    while (rs.next()) {
                        // pg_stat_statements already replaces constants with $n; normalising again catches the rest
                        // (utility statements are stored verbatim) and yields the app's family name.
                        String normalized = SqlNormalizer.normalize(rs.getString("query"));
                        long hit = rs.getLong("shared_blks_hit");
                        long read = rs.getLong("shared_blks_read");
                        out.add(new StatementStat(SqlNormalizer.family(normalized), normalized, rs.getLong("calls"),
                                rs.getDouble("total_exec_time"), rs.getDouble("mean_exec_time"),
                                rs.getDouble("max_exec_time"), rs.getLong("rows"),
                                hit + read == 0 ? null : (double) hit / (hit + read), read));
                    }
                }
                return out;
            }
        }
    }

    private static boolean installed(Connection connection) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT 1 FROM pg_extension WHERE extname = 'pg_stat_statements'");
             ResultSet rs = statement.executeQuery()) {
            return rs.next();
        }
    }
}
