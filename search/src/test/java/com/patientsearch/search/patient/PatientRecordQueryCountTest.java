package com.patientsearch.search.patient;

import com.patientsearch.persistence.datasource.OwnerDatabase;
import com.patientsearch.persistence.scope.CallerScope;
import com.patientsearch.persistence.testing.StatementCounting;
import com.patientsearch.persistence.testing.TestPostgres;
import com.patientsearch.search.common.NotFoundException;
import io.agroal.api.AgroalDataSource;
import io.hypersistence.utils.jdbc.validator.SQLStatementCountValidator;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The SQL each read costs, as numbers that must not grow with the data (hapi-fhir's query-count tests are the model).
 * Every expected count is explained; change one only with a reason written next to it, never to make a test pass.
 */
@MicronautTest(transactional = false, startApplication = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PatientRecordQueryCountTest implements TestPropertyProvider {

    private static final CallerScope CALLER = CallerScope.of("test", "front_desk", java.util.Set.of("QC"), null);

    @Inject
    PatientRecordService records;
    @Inject
    PatientSearchService search;
    @Inject
    DataSource dataSource;
    @Inject
    OwnerDatabase owner;

    private long sparse;
    private long busy;

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> properties = new HashMap<>(TestPostgres.get().micronautProperties("record_counts"));
        properties.putAll(StatementCounting.ENABLED);
        return properties;
    }

    @BeforeAll
    void fixtures() throws Exception {
        try (Connection connection = owner.connection();
             Statement s = connection.createStatement()) {
            s.execute("INSERT INTO clinic (code, name, time_zone) VALUES ('QC', 'Query Count', 'America/Chicago')");
            s.execute("""
                    INSERT INTO provider (clinic_id, first_name, last_name, specialty)
                    SELECT c.id, 'Doctor', 'No' || i, 'family' FROM clinic c, generate_series(1, 5) i""");
            s.execute("""
                    INSERT INTO patient (clinic_id, mrn, first_name, last_name, date_of_birth, gender)
                    SELECT id, v.mrn, 'Ada', v.last, date '1970-01-01', 'female'
                    FROM clinic, (VALUES ('Q-1', 'Sparse'), ('Q-2', 'Busy')) v(mrn, last)""");
            try (ResultSet rs = s.executeQuery("SELECT min(id), max(id) FROM patient")) {
                rs.next();
                sparse = rs.getLong(1);
                busy = rs.getLong(2);
            }
            s.execute("INSERT INTO contact_info (patient_id, kind, phone, is_primary) VALUES (" + sparse + ", 'mobile', '555-0101', true)");
            s.execute("INSERT INTO address (patient_id, street, city, country) VALUES (" + sparse + ", '1 Main St', 'Springfield', 'US')");
            s.execute("""
                    INSERT INTO contact_info (patient_id, kind, phone, email, is_primary)
                    SELECT %d, 'home', '555-01' || lpad(i::text, 2, '0'), 'busy' || i || '@example.com', i = 1
                    FROM generate_series(1, 8) i""".formatted(busy));
            s.execute("""
                    INSERT INTO address (patient_id, street, city, country)
                    SELECT %d, i || ' Elm St', 'Springfield', 'US' FROM generate_series(1, 8) i""".formatted(busy));
            // 30 appointments: 15 ahead, 15 behind, with every provider
            s.execute("""
                    INSERT INTO appointment (patient_id, provider_id, clinic_id, starts_at, ends_at, status)
                    SELECT %d, (SELECT min(id) FROM provider) + i %% 5, (SELECT id FROM clinic),
                           now() + (i - 15) * interval '7 days', now() + (i - 15) * interval '7 days' + interval '30 minutes',
                           CASE WHEN i < 15 THEN 'completed' ELSE 'scheduled' END
                    FROM generate_series(0, 29) i""".formatted(busy));
        }
    }

    @Test
    void aRecordCostsFourSelectsWhateverItsSize() {
        SQLStatementCountValidator.reset();
        PatientRecord small = records.get(CALLER, sparse);
        // 1: the caller's clinics handed to row-level security (SELECT set_config(...), issue 7);
        // 2: patient + clinic + contacts + addresses (fetch joins); 3: next visits with providers; 4: past visits
        SQLStatementCountValidator.assertSelectCount(4);
        assertThat(small.contacts()).hasSize(1);
        assertThat(small.upcomingAppointments()).isEmpty();

        SQLStatementCountValidator.reset();
        PatientRecord large = records.get(CALLER, busy);
        // the same four, with 8 contacts, 8 addresses and 30 appointments: no query per child, no N+1 on providers
        SQLStatementCountValidator.assertSelectCount(4);
        SQLStatementCountValidator.assertTotalCount(4);
        assertThat(large.contacts()).hasSize(8);
        assertThat(large.addresses()).hasSize(8);
        assertThat(large.upcomingAppointments()).hasSize(10)
                .isSortedAccordingTo(java.util.Comparator.comparing(PatientRecord.Visit::startsAt));
        assertThat(large.pastAppointments()).hasSize(10)
                .isSortedAccordingTo(java.util.Comparator.comparing(PatientRecord.Visit::startsAt).reversed());
        assertThat(large.upcomingAppointments()).allSatisfy(v -> assertThat(v.providerName()).startsWith("Doctor No"));
    }

    @Test
    void anUnknownPatientCostsTwoSelects() {
        SQLStatementCountValidator.reset();
        assertThatThrownBy(() -> records.get(CALLER, Long.MAX_VALUE)).isInstanceOf(NotFoundException.class);
        // the row-security binding, then the patient query that finds nothing
        SQLStatementCountValidator.assertSelectCount(2);
    }

    @Test
    void anotherClinicsPatientIsNotFoundAtTheSameCost() {
        CallerScope elsewhere = CallerScope.of("test", "front_desk", java.util.Set.of("ELSEWHERE"), null);
        SQLStatementCountValidator.reset();
        // 404, like an unknown id: a caller cannot tell whether the id exists in another clinic
        assertThatThrownBy(() -> records.get(elsewhere, busy)).isInstanceOf(NotFoundException.class);
        SQLStatementCountValidator.assertSelectCount(2);
    }

    @Test
    void aSearchPageCostsOneStatementPlusTheClinicLookup() {
        SQLStatementCountValidator.reset();
        search.search(CALLER, new PatientSearchParams(null, "ada busy", null, null, null, null, null, null, null, null, null));
        // the row-security binding (a SELECT), then the whole search, contacts of the page included, in one statement
        // (datasource-proxy files a statement that starts with WITH under "other", hence the total)
        SQLStatementCountValidator.assertTotalCount(2);
        SQLStatementCountValidator.assertSelectCount(1);

        SQLStatementCountValidator.reset();
        search.search(CALLER, new PatientSearchParams("QC", "ada", null, null, null, null, null, null, null, "1", null));
        // + the clinic code lookup (a plain SELECT)
        SQLStatementCountValidator.assertTotalCount(3);
        SQLStatementCountValidator.assertSelectCount(2);
    }
}
