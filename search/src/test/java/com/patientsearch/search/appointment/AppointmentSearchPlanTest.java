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

/**
 * Every appointment path, on 100,000 patients with 300,000 appointments over two years (monthly partitions), uses its
 * index on the partitions it reads, none scans appointment, and a time range reads only the months it covers.
 */
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
    /**
     * The months that hold appointments (a full month about 12,000): the planner may scan an empty one sequentially,
     * or the first month of the two years, which holds a day or two of them, never these.
     */
    private final java.util.Set<String> filledMonths = new java.util.HashSet<>();

    @Override
    public Map<String, String> getProperties() {
        return TestPostgres.get().micronautProperties("appointment_plans", SyntheticPatients.PLAN_FIXTURE,
                SyntheticPatients::loadPlanFixture);
    }

    @BeforeAll
    void seed() throws Exception {
        pool = dataSource.unwrap(AgroalDataSource.class);
        try (Connection connection = owner.connection(); Statement s = connection.createStatement()) {
            try (ResultSet rs = s.executeQuery(
                    "SELECT tableoid::regclass::text FROM appointment GROUP BY 1 HAVING count(*) > 2000")) {
                while (rs.next()) {
                    filledMonths.add(rs.getString(1));
                }
            }
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
        return plan(params, scope, null);
    }

    private QueryPlan plan(AppointmentSearchParams params, long scope, List<String> cursor) throws Exception {
        AppointmentQuery query = AppointmentQuery.parse(params);
        AppointmentSearchService.Statement statement = AppointmentSearchService.statement(query, scope, CALLER, ZoneId.of("America/New_York"), cursor);
        try (Connection connection = ScopedConnections.open(pool, CALLER)) {
            QueryPlan plan = QueryPlan.explain(connection, statement.sql(), statement.binds(), (ps, index, value) -> {
                if (value instanceof String[] array) {
                    ps.setArray(index, ps.getConnection().createArrayOf("text", array));
                    return true;
                }
                return false;
            });
            assertThat(plan.sequentialScans()).as(plan.json()).doesNotContain("patient", "appointment")
                    .noneMatch(filledMonths::contains);
            return plan;
        }
    }

    /** The appointment partitions a plan reads. */
    private static List<String> months(QueryPlan plan) {
        return plan.relations().stream().filter(r -> r.startsWith("appointment")).toList();
    }

    /** The indexes it reads them by (the joins add the patient's and provider's primary keys). */
    private static List<String> appointmentIndexes(QueryPlan plan) {
        return plan.indexes().stream().filter(i -> i.startsWith("appointment")).sorted().toList();
    }

    @Test
    void patientTimeline() throws Exception {
        QueryPlan first = plan(new AppointmentSearchParams(String.valueOf(patientId), null, null, null, null, null, null, null, null), patientId);
        assertThat(appointmentIndexes(first)).isNotEmpty().allMatch(index -> index.startsWith("appointment_patient_starts_idx_"));
        // a later page reads only the months up to its cursor (plus the default partition, which may hold any time)
        QueryPlan later = plan(new AppointmentSearchParams(String.valueOf(patientId), null, null, null, null, null, null, null, null),
                patientId, List.of("2026-03-15T12:00:00Z", "1"));
        assertThat(months(later)).contains("appointment_p2026_03", "appointment_p2025_12")
                .doesNotContain("appointment_p2026_04", "appointment_p2026_11");
        assertThat(appointmentIndexes(later)).isNotEmpty().allMatch(index -> index.startsWith("appointment_patient_starts_idx_"));
    }

    @Test
    void patientDays() throws Exception {
        // a patient's November (New York) reads the patient's index on the months it covers only
        QueryPlan plan = plan(new AppointmentSearchParams(String.valueOf(patientId), null, null, null, "2026-11-01", "2026-11-30",
                null, null, null), patientId);
        assertThat(appointmentIndexes(plan)).isNotEmpty().allMatch(index -> index.startsWith("appointment_patient_starts_idx_"));
        assertThat(months(plan)).containsExactly("appointment_p2026_11", "appointment_p2026_12");
        // a later page of it too
        QueryPlan later = plan(new AppointmentSearchParams(String.valueOf(patientId), null, null, null, "2026-11-01", "2026-11-30",
                null, null, null), patientId, List.of("2026-11-15T12:00:00Z", "1"));
        assertThat(months(later)).containsExactly("appointment_p2026_11");
        assertThat(appointmentIndexes(later)).isNotEmpty().allMatch(index -> index.startsWith("appointment_patient_starts_idx_"));
    }

    @Test
    void providerDays() throws Exception {
        QueryPlan plan = plan(new AppointmentSearchParams(null, String.valueOf(providerId), null, null, "2026-10-01", "2026-10-31",
                null, null, null), providerId);
        assertThat(appointmentIndexes(plan)).isNotEmpty().allMatch(index -> index.startsWith("appointment_provider_starts_idx_"));
        assertThat(months(plan)).containsExactly("appointment_p2026_10", "appointment_p2026_11");
    }

    @Test
    void providerDay() throws Exception {
        QueryPlan plan = plan(new AppointmentSearchParams(null, String.valueOf(providerId), "2026-11-23", null, null, null, null, null, null), providerId);
        assertThat(appointmentIndexes(plan)).containsExactly("appointment_provider_starts_idx_p2026_11");
        assertThat(months(plan)).containsExactly("appointment_p2026_11");
    }

    @Test
    void theProviderDayFiltersByTheCallersClinicsWithoutRowSecurity() throws Exception {
        long outside;
        try (Connection connection = owner.connection(); Statement s = connection.createStatement()) {
            s.execute("INSERT INTO clinic (code, name, time_zone) VALUES ('OUTSIDE', 'Outside', 'America/New_York')");
            s.execute("""
                    INSERT INTO patient (clinic_id, mrn, first_name, last_name, date_of_birth, gender)
                    SELECT id, 'OUT-1', 'Out', 'Sider', date '1970-01-01', 'male' FROM clinic WHERE code = 'OUTSIDE'""");
            try (ResultSet rs = s.executeQuery("""
                    INSERT INTO appointment (patient_id, provider_id, clinic_id, starts_at, ends_at, status)
                    SELECT p.id, %d, p.clinic_id, timestamptz '2026-11-23 15:00Z', timestamptz '2026-11-23 15:30Z', 'scheduled'
                    FROM patient p WHERE p.mrn = 'OUT-1' RETURNING id""".formatted(providerId))) {
                rs.next();
                outside = rs.getLong(1);
            }
        }
        AppointmentQuery query = AppointmentQuery.parse(new AppointmentSearchParams(null, String.valueOf(providerId),
                "2026-11-23", null, null, null, null, "50", null));
        AppointmentSearchService.Statement statement = AppointmentSearchService.statement(query, providerId, CALLER,
                ZoneId.of("America/New_York"), null);
        List<Long> ids = new java.util.ArrayList<>();
        // As the owner, whom row-level security does not bind: only the statement's own filter can keep it out.
        try (Connection connection = owner.connection();
             java.sql.PreparedStatement ps = connection.prepareStatement(statement.sql())) {
            for (int i = 0; i < statement.binds().size(); i++) {
                Object value = statement.binds().get(i);
                if (value instanceof String[] array) {
                    ps.setArray(i + 1, connection.createArrayOf("text", array));
                } else {
                    ps.setObject(i + 1, value);
                }
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getLong("id"));
                }
            }
        }
        assertThat(ids).doesNotContain(outside);
    }

    @Test
    void clinicRangeAndItsOpenSchedule() throws Exception {
        // November in New York runs into the first hours of December in UTC
        QueryPlan all = plan(new AppointmentSearchParams(null, null, null, "SYN1", "2026-11-01", "2026-11-30", null, null, null), clinicId);
        assertThat(appointmentIndexes(all)).isNotEmpty().allMatch(index -> index.startsWith("appointment_clinic_starts_idx_")
                || index.startsWith("appointment_open_clinic_idx_"));
        assertThat(months(all)).containsExactly("appointment_p2026_11", "appointment_p2026_12");
        QueryPlan open = plan(new AppointmentSearchParams(null, null, null, "SYN1", "2026-11-01", "2026-11-30", "scheduled,confirmed", null, null), clinicId);
        assertThat(appointmentIndexes(open)).containsExactly("appointment_open_clinic_idx_p2026_11", "appointment_open_clinic_idx_p2026_12");
        assertThat(months(open)).containsExactly("appointment_p2026_11", "appointment_p2026_12");
    }

    private static AppointmentSearchParams text(String text, String patient, String provider, String clinic, String from, String to) {
        return new AppointmentSearchParams(patient, provider, null, clinic, from, to, null, null, null, text);
    }

    @Test
    void reasonTextUsesTheClinicReasonIndex() throws Exception {
        for (String typed : List.of("back pain", "medication refil", "\"chest pain\" -knee", "asthma or allergy")) {
            // every clinic of the caller: the words through the GIN (the planner may AND the clinics' index in)
            QueryPlan plan = plan(text(typed, null, null, null, null, null), 0);
            assertThat(appointmentIndexes(plan)).as(typed).anyMatch(index -> index.startsWith("appointment_clinic_reason_gin_"));
        }
    }

    @Test
    void reasonTextInOneClinicsMonthReadsOnlyThatClinicsMatches() throws Exception {
        // clinic and words in one GIN scan per month: not the clinic's whole month with the reason as a filter
        QueryPlan plan = plan(text("back pain", null, null, "SYN1", "2026-11-01", "2026-11-30"), clinicId);
        assertThat(appointmentIndexes(plan)).containsExactly("appointment_clinic_reason_gin_p2026_11",
                "appointment_clinic_reason_gin_p2026_12");
        assertThat(months(plan)).containsExactly("appointment_p2026_11", "appointment_p2026_12");
        assertThat(plan.json()).contains("\"Index Cond\": \"((clinic_id = '" + clinicId + "'::bigint) AND (reason_tsv @@");
    }

    @Test
    void reasonTextWithAProviderOrAPatient() throws Exception {
        plan(text("back pain", null, String.valueOf(providerId), null, "2026-11-01", "2026-11-30"), 0);
        QueryPlan patient = plan(text("back pain", String.valueOf(patientId), null, null, null, null), 0);
        assertThat(appointmentIndexes(patient)).isNotEmpty();
    }

    @Test
    void reasonTextNewestFirstReadsOnlyTheMonthsUpToItsCursor() throws Exception {
        AppointmentSearchParams recent = new AppointmentSearchParams(null, null, null, "SYN1", "2026-11-01", "2026-11-30",
                null, null, null, "back pain", "recent");
        QueryPlan first = plan(recent, clinicId);
        assertThat(months(first)).containsExactly("appointment_p2026_11", "appointment_p2026_12");
        assertThat(appointmentIndexes(first)).isNotEmpty();
        QueryPlan later = plan(recent, clinicId, List.of("2026-11-15T12:00:00Z", "1"));
        assertThat(months(later)).containsExactly("appointment_p2026_11");
    }
}
