package com.patientsearch.persistence.scope;

import com.patientsearch.persistence.datasource.OwnerDatabase;
import com.patientsearch.persistence.testing.ScopedConnections;
import com.patientsearch.persistence.testing.TestPostgres;
import io.agroal.api.AgroalDataSource;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The database's half of clinic scoping (issue 7), tested beneath the query layer: raw SQL through the app's own
 * pool, as a query with a bug in it would run. A clinic-A transaction sees no clinic-B row in any protected table,
 * cannot write one, and without a scope sees nothing at all; the app's login owns nothing and cannot run DDL.
 */
@MicronautTest(transactional = false, startApplication = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RowLevelSecurityTest implements TestPropertyProvider {

    private static final CallerScope CLINIC_A = CallerScope.of("a-desk", "front_desk", Set.of("A"), null);

    @Inject
    DataSource dataSource;
    @Inject
    OwnerDatabase owner;

    private AgroalDataSource appPool;
    private long clinicB;
    private long patientB;

    @Override
    public Map<String, String> getProperties() {
        return TestPostgres.get().micronautProperties("row_security");
    }

    @BeforeAll
    void fixtures() throws SQLException {
        appPool = dataSource.unwrap(AgroalDataSource.class);
        try (Connection connection = owner.connection(); Statement s = connection.createStatement()) {
            s.execute("INSERT INTO clinic (code, name, time_zone) VALUES ('A', 'Clinic A', 'UTC'), ('B', 'Clinic B', 'UTC')");
            s.execute("INSERT INTO provider (clinic_id, first_name, last_name) SELECT id, 'Dr', code FROM clinic");
            s.execute("""
                    INSERT INTO patient (clinic_id, mrn, first_name, last_name, date_of_birth, gender)
                    SELECT c.id, c.code || '-' || i, 'Pat' || i, 'Clinic' || c.code, date '1980-01-01' + i, 'female'
                    FROM clinic c, generate_series(1, 3) i""");
            s.execute("""
                    INSERT INTO contact_info (patient_id, kind, phone, email, is_primary)
                    SELECT id, 'mobile', '555-010-' || lpad(id::text, 4, '0'), mrn || '@example.com', true FROM patient""");
            s.execute("INSERT INTO address (patient_id, street, city, country) SELECT id, '1 Main St', 'Town', 'US' FROM patient");
            s.execute("""
                    INSERT INTO appointment (patient_id, provider_id, clinic_id, starts_at, ends_at, status)
                    SELECT p.id, pr.id, p.clinic_id, now() + interval '1 day', now() + interval '1 day 30 minutes', 'scheduled'
                    FROM patient p JOIN provider pr ON pr.clinic_id = p.clinic_id""");
            try (ResultSet rs = s.executeQuery("SELECT c.id, min(p.id) FROM clinic c JOIN patient p ON p.clinic_id = c.id WHERE c.code = 'B' GROUP BY c.id")) {
                rs.next();
                clinicB = rs.getLong(1);
                patientB = rs.getLong(2);
            }
        }
    }

    private static List<String> strings(Connection connection, String sql) throws SQLException {
        List<String> values = new ArrayList<>();
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                values.add(rs.getString(1));
            }
        }
        return values;
    }

    @Test
    void clinicAsTransactionSeesNoRowOfClinicBInAnyProtectedTable() throws SQLException {
        try (Connection a = ScopedConnections.open(appPool, CLINIC_A)) {
            // No WHERE clause at all: the "bug" a query-layer filter could have. The database still filters.
            assertThat(strings(a, "SELECT mrn FROM patient ORDER BY mrn")).containsExactly("A-1", "A-2", "A-3");
            assertThat(strings(a, "SELECT email FROM contact_info ORDER BY email"))
                    .containsExactly("A-1@example.com", "A-2@example.com", "A-3@example.com");
            assertThat(strings(a, "SELECT count(*) FROM address")).containsExactly("3");
            assertThat(strings(a, "SELECT DISTINCT clinic_id::text FROM appointment")).doesNotContain(String.valueOf(clinicB));
            assertThat(strings(a, "SELECT count(*) FROM appointment")).containsExactly("3");
            // even asked by id
            assertThat(strings(a, "SELECT mrn FROM patient WHERE id = " + patientB)).isEmpty();
            assertThat(strings(a, "SELECT email FROM contact_info WHERE patient_id = " + patientB)).isEmpty();
            a.rollback();
        }
    }

    @Test
    void aTemporaryTableCannotShadowWhatThePoliciesAndTriggersRead() throws SQLException {
        try (Connection a = ScopedConnections.open(appPool, CLINIC_A); Statement s = a.createStatement()) {
            // The app's login may create temporary tables; one named clinic mapping code A to clinic B's id would,
            // with an unqualified lookup, hand clinic B's rows to a clinic-A scope.
            s.execute("CREATE TEMP TABLE clinic (id bigint, code text) ON COMMIT DROP");
            s.execute("INSERT INTO clinic VALUES (" + clinicB + ", 'A')");
            assertThat(strings(a, "SELECT mrn FROM patient ORDER BY mrn")).containsExactly("A-1", "A-2", "A-3");
            a.rollback();
        }
        try (Connection owner = this.owner.connection()) {
            assertThat(strings(owner, """
                    SELECT p.proname FROM pg_proc p
                    WHERE p.pronamespace = 'public'::regnamespace AND p.prorettype = 'trigger'::regtype
                      AND NOT EXISTS (SELECT 1 FROM unnest(p.proconfig) AS c WHERE c LIKE 'search_path=%')"""))
                    .as("trigger functions without a pinned search_path").isEmpty();
        }
    }

    @Test
    void withoutAScopeEveryProtectedTableLooksEmpty() throws SQLException {
        try (Connection unscoped = appPool.getConnection()) {
            for (String table : List.of("patient", "contact_info", "address", "appointment")) {
                assertThat(strings(unscoped, "SELECT count(*) FROM " + table)).as(table).containsExactly("0");
            }
            // reference data is not patient data: clinics stay readable
            assertThat(strings(unscoped, "SELECT code FROM clinic ORDER BY code")).containsExactly("A", "B");
        }
    }

    @Test
    void theScopeEndsWithItsTransaction() throws SQLException {
        try (Connection connection = ScopedConnections.open(appPool, CLINIC_A)) {
            assertThat(strings(connection, "SELECT count(*) FROM patient")).containsExactly("3");
            connection.commit();
            // SET LOCAL semantics: the next transaction on this pooled connection starts with no clinics
            assertThat(strings(connection, "SELECT count(*) FROM patient")).containsExactly("0");
            connection.rollback();
        }
    }

    @Test
    void clinicAsTransactionCannotWriteClinicBsRows() throws SQLException {
        try (Connection a = ScopedConnections.open(appPool, CLINIC_A); Statement s = a.createStatement()) {
            assertThatThrownBy(() -> s.execute("""
                    INSERT INTO patient (clinic_id, mrn, first_name, last_name, date_of_birth, gender)
                    VALUES (%d, 'B-99', 'Eve', 'Intruder', date '1990-01-01', 'female')""".formatted(clinicB)))
                    .isInstanceOf(SQLException.class).hasMessageContaining("row-level security");
            a.rollback();
            // an UPDATE or DELETE of B's rows finds nothing to touch
            assertThat(s.executeUpdate("UPDATE patient SET first_name = 'Changed' WHERE id = " + patientB)).isZero();
            assertThat(s.executeUpdate("DELETE FROM contact_info WHERE patient_id = " + patientB)).isZero();
            a.rollback();
        }
        try (Connection o = owner.connection()) {
            assertThat(strings(o, "SELECT first_name FROM patient WHERE id = " + patientB)).containsExactly("Pat1");
        }
    }

    @Test
    void aContactTakesItsPatientsClinicWhateverTheWriterSays() throws SQLException {
        try (Connection a = ScopedConnections.open(appPool, CLINIC_A); Statement s = a.createStatement()) {
            long patientA = Long.parseLong(strings(a, "SELECT min(id) FROM patient").get(0));
            // the policy reads contact_info.clinic_id: a writer naming clinic B for A's patient gets A's clinic
            s.execute("""
                    INSERT INTO contact_info (patient_id, clinic_id, kind, email, is_primary)
                    VALUES (%d, %d, 'work', 'second@example.com', false)""".formatted(patientA, clinicB));
            assertThat(strings(a, "SELECT c.clinic_id = p.clinic_id FROM contact_info c JOIN patient p ON p.id = c.patient_id "
                    + "WHERE c.email = 'second@example.com'")).containsExactly("t");
            // a contact for B's patient: the trigger cannot see that patient, the clinic stays empty, the policy refuses
            assertThatThrownBy(() -> s.execute("""
                    INSERT INTO contact_info (patient_id, kind, email, is_primary)
                    VALUES (%d, 'work', 'intruder@example.com', false)""".formatted(patientB)))
                    .isInstanceOf(SQLException.class).hasMessageContaining("row-level security");
            a.rollback();
        }
    }

    @Test
    void aPatientStaysInItsClinicEvenForTheOwner() throws SQLException {
        try (Connection o = owner.connection(); Statement s = o.createStatement()) {
            assertThatThrownBy(() -> s.execute("UPDATE patient SET clinic_id = (SELECT id FROM clinic WHERE code = 'A') WHERE id = "
                    + patientB)).isInstanceOf(SQLException.class).hasMessageContaining("stays in its clinic");
            assertThat(strings(o, "SELECT count(*) FROM contact_info c JOIN patient p ON p.id = c.patient_id "
                    + "WHERE c.clinic_id <> p.clinic_id")).containsExactly("0");
        }
    }

    @Test
    void theAppsLoginOwnsNothingBypassesNothingAndCannotRunDdl() throws SQLException {
        try (Connection app = appPool.getConnection(); Statement s = app.createStatement()) {
            assertThat(strings(app, "SELECT current_user")).containsExactly(RowSecurity.APP_ROLE);
            assertThat(strings(app, "SELECT rolsuper::text || rolbypassrls::text || rolcreaterole::text || rolcreatedb::text "
                    + "FROM pg_roles WHERE rolname = current_user")).containsExactly("falsefalsefalsefalse");
            assertThat(strings(app, "SELECT count(*) FROM pg_class WHERE relowner = (SELECT oid FROM pg_roles WHERE rolname = current_user)"))
                    .containsExactly("0");
            assertThatThrownBy(() -> s.execute("CREATE TABLE intruder (id int)")).isInstanceOf(SQLException.class)
                    .hasMessageContaining("permission denied");
            assertThatThrownBy(() -> s.execute("ALTER TABLE patient DISABLE ROW LEVEL SECURITY")).isInstanceOf(SQLException.class)
                    .hasMessageContaining("must be owner");
            assertThatThrownBy(() -> s.execute("DROP TABLE appointment")).isInstanceOf(SQLException.class)
                    .hasMessageContaining("must be owner");
            assertThatThrownBy(() -> s.execute("INSERT INTO clinic (code, name, time_zone) VALUES ('C', 'C', 'UTC')"))
                    .isInstanceOf(SQLException.class).hasMessageContaining("permission denied");
        }
    }

    @Test
    void theSearchIndexesStillServeUnderRowLevelSecurity() throws SQLException {
        // The policy runs before any condition that is not LEAKPROOF; the migration declares the three functions the
        // search paths index on LEAKPROOF, or PostgreSQL would scan whole tables (PatientSearchPlanTest holds the plans).
        try (Connection app = appPool.getConnection()) {
            assertThat(strings(app, """
                    SELECT string_agg(proname, ',' ORDER BY proname) FROM pg_proc
                    WHERE proleakproof AND oid IN ('pg_catalog.arrayoverlap(anyarray, anyarray)'::regprocedure,
                                                   'pg_catalog.reverse(text)'::regprocedure, 'pg_catalog.lower(text)'::regprocedure)"""))
                    .containsExactly("arrayoverlap,lower,reverse");
        }
    }
}
