package com.patientsearch.search.appointment;

import com.patientsearch.persistence.datasource.OwnerDatabase;
import com.patientsearch.persistence.scope.CallerScope;
import com.patientsearch.persistence.testing.ScopedConnections;
import com.patientsearch.persistence.testing.TestPostgres;
import com.patientsearch.search.plan.QueryPlan;
import com.patientsearch.search.plan.SyntheticPatients;
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
import java.sql.Statement;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Every appointment path, on 100,000 patients with 300,000 appointments, uses its index; none scans appointment. */
@MicronautTest(transactional = false, startApplication = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AppointmentSearchPlanTest implements TestPropertyProvider {

    @Inject
    DataSource dataSource;
    /** A front-desk caller of the 20 synthetic clinics: EXPLAIN runs as the app role, under row-level security. */
    private static final CallerScope CALLER = SyntheticPatients.frontDesk(SyntheticPatients.PLAN_CLINICS);

    @Inject
    OwnerDatabase owner;

    private AgroalDataSource pool;
    private long clinicId;
    private long providerId;
    private long patientId;

    @Override
    public Map<String, String> getProperties() {
        return TestPostgres.get().micronautProperties("appointment_plans", SyntheticPatients.PLAN_FIXTURE,
                SyntheticPatients::loadPlanFixture);
    }

    @BeforeAll
    void seed() throws Exception {
        pool = dataSource.unwrap(AgroalDataSource.class);
        try (Connection connection = owner.connection(); Statement s = connection.createStatement()) {
            try (ResultSet rs = s.executeQuery("""
                    SELECT a.clinic_id, a.provider_id, a.patient_id FROM appointment a ORDER BY a.id LIMIT 1""")) {
                rs.next();
                clinicId = rs.getLong(1);
                providerId = rs.getLong(2);
                patientId = rs.getLong(3);
            }
        }
    }

    private QueryPlan plan(AppointmentSearchParams params, long scope) throws Exception {
        AppointmentQuery query = AppointmentQuery.parse(params);
        AppointmentSearchService.Statement statement = AppointmentSearchService.statement(query, scope, CALLER, ZoneId.of("America/New_York"), null);
        try (Connection connection = ScopedConnections.open(pool, CALLER)) {
            QueryPlan plan = QueryPlan.explain(connection, statement.sql(), statement.binds(), (ps, index, value) -> {
                if (value instanceof String[] array) {
                    ps.setArray(index, ps.getConnection().createArrayOf("text", array));
                    return true;
                }
                return false;
            });
            assertThat(plan.sequentialScans()).as(plan.json()).doesNotContain("appointment", "patient");
            return plan;
        }
    }

    @Test
    void patientTimeline() throws Exception {
        assertThat(plan(new AppointmentSearchParams(String.valueOf(patientId), null, null, null, null, null, null, null, null), patientId)
                .indexes()).contains("appointment_patient_starts_idx");
    }

    @Test
    void providerDay() throws Exception {
        assertThat(plan(new AppointmentSearchParams(null, String.valueOf(providerId), "2026-11-23", null, null, null, null, null, null), providerId)
                .indexes()).contains("appointment_provider_starts_idx");
    }

    @Test
    void clinicRangeAndItsOpenSchedule() throws Exception {
        assertThat(plan(new AppointmentSearchParams(null, null, null, "SYN1", "2026-11-01", "2026-11-30", null, null, null), clinicId)
                .indexes()).containsAnyOf("appointment_clinic_starts_idx", "appointment_open_clinic_idx");
        assertThat(plan(new AppointmentSearchParams(null, null, null, "SYN1", "2026-11-01", "2026-11-30", "scheduled,confirmed", null, null), clinicId)
                .indexes()).contains("appointment_open_clinic_idx");
    }
}
