package com.patientsearch.operations.monitoring;

import com.patientsearch.persistence.testing.TestPostgres;
import liquibase.Liquibase;
import liquibase.database.Database;
import liquibase.database.DatabaseFactory;
import liquibase.database.jvm.JdbcConnection;
import liquibase.resource.ClassLoaderResourceAccessor;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;

/** 050-monitoring.sql applies, rolls back cleanly (its three changeSets) and applies again. */
class MonitoringChangelogTest {

    @Test
    void updateRollbackUpdate() throws Exception {
        TestPostgres pg = TestPostgres.get();
        try (Connection connection = DriverManager.getConnection(pg.createDatabase("changelog050"), pg.username(), pg.password())) {
            Database database = DatabaseFactory.getInstance().findCorrectDatabaseImplementation(new JdbcConnection(connection));
            try (Liquibase liquibase = new Liquibase("db/changelog/db.changelog-master.xml", new ClassLoaderResourceAccessor(), database)) {
                liquibase.update("");
                assertThat(indexes(connection)).isEqualTo(3); // primary key + two indexes
                // back to before the monitoring changeSets (and everything after them, which may depend on them)
                var changeSets = liquibase.getDatabaseChangeLog().getChangeSets();
                int first = 0;
                while (!changeSets.get(first).getId().startsWith("050-")) {
                    first++;
                }
                liquibase.rollback(changeSets.size() - first, "");
                assertThat(tableExists(connection)).isFalse();
                liquibase.update("");
                assertThat(tableExists(connection)).isTrue();
                assertThat(indexes(connection)).isEqualTo(3);
            }
        }
    }

    private static boolean tableExists(Connection connection) throws Exception {
        try (Statement s = connection.createStatement();
             ResultSet rs = s.executeQuery("SELECT to_regclass('public.query_latency_snapshot') IS NOT NULL")) {
            rs.next();
            return rs.getBoolean(1);
        }
    }

    private static int indexes(Connection connection) throws Exception {
        try (Statement s = connection.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_indexes WHERE tablename = 'query_latency_snapshot'")) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
