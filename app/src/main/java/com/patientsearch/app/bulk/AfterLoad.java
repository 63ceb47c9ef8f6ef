package com.patientsearch.app.bulk;

import com.patientsearch.persistence.datasource.JdbcTransaction;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * What every bulk load ends with: fresh planner statistics for the tables it filled, fresh name-token frequencies
 * (they order type-ahead completions; the trigger adds new tokens but does not count them), and an empty GIN
 * pending list.
 */
public final class AfterLoad {

    private AfterLoad() {
    }

    /** @param tables fixed table names of the schema, never user input */
    public static void refresh(Connection connection, String tables) throws SQLException {
        JdbcTransaction.execute(connection, c -> {
            try (Statement statement = c.createStatement()) {
                // Minutes on a large table are expected here, unlike the API's statements.
                statement.execute("SET LOCAL statement_timeout = 0");
                statement.execute("ANALYZE " + tables);
                // whatever a bulk load left undone (one that stopped before its end), before the counts
                statement.execute("SELECT ps_drain_name_dictionary_backlog()");
                statement.execute("SELECT ps_refresh_name_token_counts()");
                // fastupdate off again and no pending list left (liquibase 161), also after a load that died half-way:
                // a list would be scanned by every search until VACUUM
                statement.execute("SELECT ps_name_indexes_bulk_load(false)");
            }
        });
    }
}
