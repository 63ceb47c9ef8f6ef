package com.patientsearch.schema;

import liquibase.change.custom.CustomSqlChange;
import liquibase.database.Database;
import liquibase.database.jvm.JdbcConnection;
import liquibase.exception.CustomChangeException;
import liquibase.exception.SetupException;
import liquibase.exception.ValidationErrors;
import liquibase.resource.ResourceAccessor;
import liquibase.statement.SqlStatement;
import liquibase.statement.core.RawParameterizedSqlStatement;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * An index on a partitioned table, built without blocking writes. PostgreSQL cannot build a partitioned index
 * {@code CONCURRENTLY}, so this creates it on the parent alone ({@code ON ONLY}: invalid, no data read), then on each
 * partition {@code CONCURRENTLY} and attaches it; the parent becomes valid with the last one. The partitions are read
 * from the catalog when the changeSet runs (they depend on the data and the date), so this cannot be a fixed SQL file.
 * Partition indexes are named like those of ps_name_partition_indexes (110): the parent's name and the partition's
 * suffix. A partition that already has its index attached is skipped, so a run cut short can run again. Months created
 * later get the index from the parent like any other. Use in a changeSet with {@code runInTransaction="false"}.
 *
 * <pre>{@code <customChange class="com.patientsearch.schema.PartitionedIndexChange">
 *   <param name="table" value="appointment"/>
 *   <param name="index" value="appointment_x"/>
 *   <param name="definition" value="USING gin (clinic_id, reason_tsv)"/>
 * </customChange>}</pre>
 */
public class PartitionedIndexChange implements CustomSqlChange {

    private static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    /** The partitions of the table without a child of the index, and the name their index gets. */
    private static final String MISSING = """
            SELECT c.relname, left(?, 62 - length(s.suffix)) || '_' || s.suffix
            FROM pg_inherits h
            JOIN pg_class c ON c.oid = h.inhrelid
            CROSS JOIN LATERAL (SELECT substring(c.relname FROM '_(p[0-9_]+|default)$') AS suffix) s
            WHERE h.inhparent = to_regclass(?)
              AND NOT EXISTS (SELECT 1 FROM pg_index x JOIN pg_inherits hi ON hi.inhrelid = x.indexrelid
                              WHERE x.indrelid = c.oid AND hi.inhparent = to_regclass(?))
            ORDER BY c.relname""";

    private String table;
    private String index;
    private String definition;

    public void setTable(String table) {
        this.table = table;
    }

    public void setIndex(String index) {
        this.index = index;
    }

    /** What follows {@code ON <table>} in CREATE INDEX: the method and the columns, e.g. {@code USING gin (a, b)}. */
    public void setDefinition(String definition) {
        this.definition = definition;
    }

    @Override
    public SqlStatement[] generateStatements(Database database) throws CustomChangeException {
        List<SqlStatement> statements = new ArrayList<>();
        statements.add(new RawParameterizedSqlStatement(
                "CREATE INDEX IF NOT EXISTS %s ON ONLY %s %s".formatted(index, table, definition)));
        java.sql.Connection connection = ((JdbcConnection) database.getConnection()).getUnderlyingConnection();
        try (PreparedStatement missing = connection.prepareStatement(MISSING)) {
            missing.setString(1, index);
            missing.setString(2, table);
            missing.setString(3, index);
            try (ResultSet rs = missing.executeQuery()) {
                while (rs.next()) {
                    String partition = rs.getString(1);
                    String child = rs.getString(2);
                    // a leftover of a build cut short is invalid and unattached: build it again
                    statements.add(new RawParameterizedSqlStatement("DROP INDEX CONCURRENTLY IF EXISTS " + child));
                    statements.add(new RawParameterizedSqlStatement(
                            "CREATE INDEX CONCURRENTLY %s ON %s %s".formatted(child, partition, definition)));
                    statements.add(new RawParameterizedSqlStatement(
                            "ALTER INDEX %s ATTACH PARTITION %s".formatted(index, child)));
                }
            }
        } catch (SQLException e) {
            throw new CustomChangeException("cannot list the partitions of " + table, e);
        }
        return statements.toArray(SqlStatement[]::new);
    }

    @Override
    public String getConfirmationMessage() {
        return "index " + index + " built on each partition of " + table;
    }

    @Override
    public void setUp() throws SetupException {
    }

    @Override
    public void setFileOpener(ResourceAccessor resourceAccessor) {
    }

    @Override
    public ValidationErrors validate(Database database) {
        ValidationErrors errors = new ValidationErrors();
        // the names go into DDL as they are: plain lower-case identifiers only
        if (table == null || !IDENTIFIER.matcher(table).matches()) {
            errors.addError("table must be a plain lower-case identifier");
        }
        if (index == null || !IDENTIFIER.matcher(index).matches()) {
            errors.addError("index must be a plain lower-case identifier");
        }
        if (definition == null || definition.isBlank() || definition.contains(";")) {
            errors.addError("definition must be one index definition");
        }
        return errors;
    }
}
