package com.patientsearch.persistence.schema;

import com.patientsearch.persistence.testing.TestPostgres;
import liquibase.Contexts;
import liquibase.LabelExpression;
import liquibase.Liquibase;
import liquibase.database.Database;
import liquibase.database.DatabaseFactory;
import liquibase.database.jvm.JdbcConnection;
import liquibase.resource.ClassLoaderResourceAccessor;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Every changeSet can be rolled back: update, roll everything back to an empty schema, update again. */
class ChangelogRollbackTest {

    private static final String CHANGELOG = "db/changelog/db.changelog-master.xml";

    @Test
    void updateRollbackUpdateOnRealPostgres() throws Exception {
        TestPostgres postgres = TestPostgres.get();
        String url = postgres.createDatabase("rollback");
        try (Connection connection = DriverManager.getConnection(url, postgres.username(), postgres.password())) {
            Database database = DatabaseFactory.getInstance().findCorrectDatabaseImplementation(new JdbcConnection(connection));
            try (Liquibase liquibase = new Liquibase(CHANGELOG, new ClassLoaderResourceAccessor(), database)) {
                liquibase.update(new Contexts(), new LabelExpression());
                List<String> migrated = tables(connection);
                assertThat(migrated).contains("clinic", "provider", "patient", "contact_info", "address", "appointment");
                assertThat(indexes(connection)).contains("appointment_patient_starts_idx", "contact_info_patient_idx");
                everyMonthHas(connection, "appointment_clinic_reason_gin");

                int changeSets = count(connection, "SELECT count(*) FROM databasechangelog");
                assertThat(changeSets).isEqualTo(liquibase.getDatabaseChangeLog().getChangeSets().size());

                liquibase.rollback(changeSets, null);
                assertThat(count(connection, "SELECT count(*) FROM databasechangelog")).isZero();
                assertThat(tables(connection)).containsOnly("databasechangelog", "databasechangeloglock");
                assertThat(count(connection, "SELECT count(*) FROM pg_extension WHERE extname IN ('pg_trgm', 'unaccent')")).isZero();

                liquibase.update(new Contexts(), new LabelExpression());
                assertThat(tables(connection)).containsExactlyInAnyOrderElementsOf(migrated);
                assertThat(count(connection, "SELECT count(*) FROM pg_index WHERE NOT indisvalid")).isZero();
                everyMonthHas(connection, "appointment_clinic_reason_gin");
                assertThat(indexes(connection)).doesNotContain("appointment_reason_tsv_gin");
            }
        }
    }

    /** An index of appointment built partition by partition (PartitionedIndexChange): on every month, and valid. */
    private static void everyMonthHas(Connection connection, String index) throws SQLException {
        int months = count(connection, "SELECT count(*) FROM pg_inherits WHERE inhparent = 'appointment'::regclass");
        assertThat(months).isGreaterThan(1);
        assertThat(count(connection, "SELECT count(*) FROM pg_inherits WHERE inhparent = '" + index + "'::regclass"))
                .isEqualTo(months);
        assertThat(count(connection, "SELECT count(*) FROM pg_index WHERE indexrelid = '" + index + "'::regclass AND indisvalid"))
                .isEqualTo(1);
    }

    private static List<String> tables(Connection connection) throws SQLException {
        return strings(connection, "SELECT tablename FROM pg_tables WHERE schemaname = 'public'");
    }

    private static List<String> indexes(Connection connection) throws SQLException {
        return strings(connection, "SELECT indexname FROM pg_indexes WHERE schemaname = 'public'");
    }

    private static List<String> strings(Connection connection, String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    private static int count(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
