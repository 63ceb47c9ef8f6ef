package com.patientsearch.search.appointment;

import com.patientsearch.persistence.datasource.OwnerDatabase;
import com.patientsearch.persistence.scope.CallerScope;
import com.patientsearch.persistence.testing.TestPostgres;
import com.patientsearch.search.common.InvalidParameterException;
import com.patientsearch.search.paging.Page;
import io.agroal.api.AgroalDataSource;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Appointment lists on a known fixture, with a clinic far from UTC so "a day" has to mean the clinic's day. */
@MicronautTest(transactional = false, startApplication = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AppointmentSearchTest implements TestPropertyProvider {

    private static final CallerScope CALLER = CallerScope.of("test", "front_desk", java.util.Set.of("HNL"), null);

    private static final ZoneId HONOLULU = ZoneId.of("Pacific/Honolulu");

    @Inject
    AppointmentSearchService search;
    @Inject
    DataSource dataSource;
    @Inject
    OwnerDatabase owner;

    private long patient;
    private long otherPatient;
    private long provider;
    private final List<Long> march3 = new ArrayList<>();
    private long lateEveningMarch3;
    private long morningMarch4;
    private final List<Long> timeline = new ArrayList<>();
    private long boundaryPatient;
    /** Around the end of April 2026 in UTC (two monthly partitions), ties included, in (starts_at, id) order. */
    private final List<Long> aroundMonthEnd = new ArrayList<>();

    @Override
    public Map<String, String> getProperties() {
        return TestPostgres.get().micronautProperties("appointments");
    }

    @BeforeAll
    void fixtures() throws Exception {
        try (Connection connection = owner.connection();
             Statement s = connection.createStatement()) {
            s.execute("INSERT INTO clinic (code, name, time_zone) VALUES ('HNL', 'Honolulu', 'Pacific/Honolulu')");
            provider = id(s, "INSERT INTO provider (clinic_id, first_name, last_name) SELECT id, 'Keala', 'Kahale' FROM clinic RETURNING id");
            patient = id(s, """
                    INSERT INTO patient (clinic_id, mrn, first_name, last_name, date_of_birth, gender)
                    SELECT id, 'H-1', 'Malia', 'Akana', date '1990-01-01', 'female' FROM clinic RETURNING id""");
            otherPatient = id(s, """
                    INSERT INTO patient (clinic_id, mrn, first_name, last_name, date_of_birth, gender)
                    SELECT id, 'H-2', 'Noa', 'Palakiko', date '1985-05-05', 'male' FROM clinic RETURNING id""");
            // March 3rd, local: 08:00, 09:00 (cancelled), 23:30 (already March 4th in UTC); March 4th, local: 07:00
            march3.add(appointment(connection, patient, "2026-03-03T08:00", "scheduled"));
            march3.add(appointment(connection, otherPatient, "2026-03-03T09:00", "cancelled"));
            lateEveningMarch3 = appointment(connection, otherPatient, "2026-03-03T23:30", "confirmed");
            march3.add(lateEveningMarch3);
            morningMarch4 = appointment(connection, patient, "2026-03-04T07:00", "scheduled");
            // the patient's timeline: 25 more over two years
            for (int i = 0; i < 25; i++) {
                timeline.add(appointment(connection, patient, LocalDateTime.of(2025, 1, 6, 10, 0).plusWeeks(i * 3L).toString(),
                        i < 20 ? "completed" : "no_show"));
            }
        }
        timeline.add(march3.get(0));
        timeline.add(morningMarch4);
        try (Connection connection = owner.connection(); Statement s = connection.createStatement()) {
            boundaryPatient = id(s, """
                    INSERT INTO patient (clinic_id, mrn, first_name, last_name, date_of_birth, gender)
                    SELECT id, 'H-3', 'Kai', 'Mahoe', date '1970-07-07', 'male' FROM clinic RETURNING id""");
            for (String utc : List.of("2026-04-30T23:00:00Z", "2026-04-30T23:59:59Z", "2026-04-30T23:59:59Z",
                    "2026-05-01T00:00:00Z", "2026-05-01T00:00:00Z", "2026-05-01T01:00:00Z")) {
                aroundMonthEnd.add(appointment(connection, boundaryPatient,
                        Instant.parse(utc).atZone(HONOLULU).toLocalDateTime().toString(), "scheduled"));
            }
            try (ResultSet rs = s.executeQuery("SELECT string_agg(DISTINCT tableoid::regclass::text, ',') FROM appointment "
                    + "WHERE patient_id = " + boundaryPatient)) {
                rs.next();
                assertThat(rs.getString(1)).isEqualTo("appointment_p2026_04,appointment_p2026_05");
            }
        }
    }

    @Test
    void keysetPagesAreExactAcrossAMonthlyPartitionBoundary() {
        List<Long> newestFirst = new ArrayList<>(aroundMonthEnd);
        java.util.Collections.reverse(newestFirst);
        assertThat(walk(new AppointmentSearchParams(String.valueOf(boundaryPatient), null, null, null, null, null, null, "2",
                null))).containsExactlyElementsOf(newestFirst);
        // the clinic's local day of April 30th spans both months in UTC; earliest first, pages of 2 split the ties
        List<Long> clinicDay = walk(new AppointmentSearchParams(null, null, null, "HNL", "2026-04-30", "2026-04-30", null, "2",
                null));
        assertThat(clinicDay).containsExactlyElementsOf(aroundMonthEnd);
    }

    private List<Long> walk(AppointmentSearchParams first) {
        List<Long> ids = new ArrayList<>();
        String cursor = null;
        do {
            Page<AppointmentHit> page = search.search(CALLER, new AppointmentSearchParams(first.patient(), first.provider(),
                    first.date(), first.clinic(), first.from(), first.to(), first.status(), first.limit(), cursor));
            page.items().forEach(hit -> ids.add(hit.id()));
            cursor = page.nextCursor();
        } while (cursor != null);
        return ids;
    }

    private long appointment(Connection connection, long patientId, String localStart, String status) throws Exception {
        Instant start = LocalDateTime.parse(localStart).atZone(HONOLULU).toInstant();
        try (PreparedStatement statement = connection.prepareStatement("""
                INSERT INTO appointment (patient_id, provider_id, clinic_id, starts_at, ends_at, status, reason)
                SELECT ?, ?, clinic_id, ?, ?, ?, 'visit' FROM provider WHERE id = ? RETURNING id""")) {
            statement.setLong(1, patientId);
            statement.setLong(2, provider);
            statement.setObject(3, start.atOffset(java.time.ZoneOffset.UTC));
            statement.setObject(4, start.plusSeconds(1800).atOffset(java.time.ZoneOffset.UTC));
            statement.setString(5, status);
            statement.setLong(6, provider);
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    static long id(Statement s, String sql) throws Exception {
        try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private List<Long> ids(AppointmentSearchParams params) {
        return search.search(CALLER, params).items().stream().map(AppointmentHit::id).toList();
    }

    @Test
    void aProvidersDayIsTheClinicsLocalDay() {
        assertThat(ids(new AppointmentSearchParams(null, String.valueOf(provider), "2026-03-03", null, null, null, null, null, null)))
                .containsExactlyElementsOf(march3);
        assertThat(ids(new AppointmentSearchParams(null, String.valueOf(provider), "2026-03-04", null, null, null, null, null, null)))
                .containsExactly(morningMarch4);
    }

    @Test
    void aPatientsDaysAreTheClinicsDaysNewestFirst() {
        // 23:30 on March 3rd in Honolulu is March 4th in UTC: still the 3rd
        assertThat(ids(new AppointmentSearchParams(String.valueOf(otherPatient), null, "2026-03-03", null, null, null, null, null, null)))
                .containsExactly(lateEveningMarch3, march3.get(1));
        assertThat(ids(new AppointmentSearchParams(String.valueOf(otherPatient), null, "2026-03-04", null, null, null, null, null, null)))
                .isEmpty();
        // the three-weekly series has March 2nd and 23rd; open-ended bounds are allowed on a timeline
        assertThat(ids(new AppointmentSearchParams(String.valueOf(patient), null, null, null, "2026-03-02", "2026-03-03", null, null, null)))
                .containsExactly(march3.get(0), timeline.get(20));
        assertThat(ids(new AppointmentSearchParams(String.valueOf(patient), null, null, null, "2026-03-02", "2026-03-23", "no_show", null, null)))
                .containsExactly(timeline.get(21), timeline.get(20));
        assertThat(walk(new AppointmentSearchParams(String.valueOf(patient), null, null, null, "2026-03-04", null, null, "1", null)))
                .containsExactly(timeline.get(24), timeline.get(23), timeline.get(22), timeline.get(21), morningMarch4);
        assertThat(ids(new AppointmentSearchParams(String.valueOf(patient), null, null, null, null, "2025-01-27", null, null, null)))
                .containsExactly(timeline.get(1), timeline.get(0));
    }

    @Test
    void aProvidersDaysFromTo() {
        assertThat(walk(new AppointmentSearchParams(null, String.valueOf(provider), null, null, "2026-03-03", "2026-03-04", null, "2", null)))
                .containsExactly(march3.get(0), march3.get(1), lateEveningMarch3, morningMarch4);
        assertThat(ids(new AppointmentSearchParams(null, String.valueOf(provider), null, null, "2026-03-02", "2026-03-03", "no_show,cancelled", null, null)))
                .containsExactly(timeline.get(20), march3.get(1));
        // one day given as from/to is the same day as date
        assertThat(ids(new AppointmentSearchParams(null, String.valueOf(provider), null, null, "2026-03-03", "2026-03-03", null, null, null)))
                .containsExactlyElementsOf(march3);
    }

    @Test
    void statusFilter() {
        assertThat(ids(new AppointmentSearchParams(null, String.valueOf(provider), "2026-03-03", null, null, null,
                "scheduled,confirmed", null, null))).containsExactly(march3.get(0), lateEveningMarch3);
        assertThat(ids(new AppointmentSearchParams(null, String.valueOf(provider), "2026-03-03", null, null, null,
                "cancelled", null, null))).containsExactly(march3.get(1));
    }

    @Test
    void aClinicsRangeEarliestFirst() {
        List<AppointmentHit> hits = search.search(CALLER, new AppointmentSearchParams(null, null, null, "HNL", "2026-03-03", "2026-03-04",
                null, null, null)).items();
        assertThat(hits).extracting(AppointmentHit::id)
                .containsExactly(march3.get(0), march3.get(1), lateEveningMarch3, morningMarch4);
        assertThat(hits.get(0).patientName()).isEqualTo("Malia Akana");
        assertThat(hits.get(0).providerName()).isEqualTo("Keala Kahale");
        assertThat(hits.get(0).clinic()).isEqualTo("HNL");
    }

    @Test
    void aPatientsTimelineNewestFirstWalkedPageByPage() {
        Set<Long> seen = new HashSet<>();
        List<Long> order = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            Page<AppointmentHit> page = search.search(CALLER, new AppointmentSearchParams(String.valueOf(patient), null, null, null,
                    null, null, null, "4", cursor));
            page.items().forEach(hit -> {
                assertThat(seen.add(hit.id())).as("once: " + hit.id()).isTrue();
                order.add(hit.id());
            });
            cursor = page.nextCursor();
            pages++;
        } while (cursor != null);
        assertThat(seen).containsExactlyInAnyOrderElementsOf(timeline);
        assertThat(pages).isEqualTo(7);
        // the three-weekly series runs to May 2026: its last two are the newest, then the March visits
        assertThat(order.subList(0, 2)).containsExactly(timeline.get(24), timeline.get(23));
        assertThat(order.indexOf(morningMarch4)).isEqualTo(order.indexOf(march3.get(0)) - 1);
    }

    @Test
    void cursorsAreBoundToTheirQuery() {
        String cursor = search.search(CALLER, new AppointmentSearchParams(String.valueOf(patient), null, null, null, null, null, null, "2", null))
                .nextCursor();
        assertThatThrownBy(() -> search.search(CALLER, new AppointmentSearchParams(String.valueOf(otherPatient), null, null, null, null,
                null, null, "2", cursor)))
                .isInstanceOfSatisfying(InvalidParameterException.class, e -> assertThat(e.field()).isEqualTo("cursor"));
    }

    @Test
    void badCombinationsNameTheirField() {
        assertField(new AppointmentSearchParams(null, null, null, null, null, null, null, null, null), "patient");
        assertField(new AppointmentSearchParams("1", "2", null, null, null, null, null, null, null), "clinic");
        assertField(new AppointmentSearchParams(null, String.valueOf(provider), null, null, null, null, null, null, null), "date");
        assertField(new AppointmentSearchParams(null, String.valueOf(provider), "03/03/2026", null, null, null, null, null, null), "date");
        assertField(new AppointmentSearchParams(null, "999999", "2026-03-03", null, null, null, null, null, null), "provider");
        assertField(new AppointmentSearchParams(null, null, null, "HNL", "2026-03-04", null, null, null, null), "to");
        assertField(new AppointmentSearchParams(null, null, null, "HNL", "2026-03-04", "2026-03-01", null, null, null), "to");
        assertField(new AppointmentSearchParams(null, null, null, "HNL", "2025-01-01", "2026-03-01", null, null, null), "to");
        assertField(new AppointmentSearchParams(null, null, null, "NOPE", "2026-03-01", "2026-03-02", null, null, null), "clinic");
        assertField(new AppointmentSearchParams("x", null, null, null, null, null, null, null, null), "patient");
        assertField(new AppointmentSearchParams(String.valueOf(patient), null, null, null, null, null, "lost", null, null), "status");
        assertField(new AppointmentSearchParams(String.valueOf(patient), null, null, null, null, null, null, "0", null), "limit");
        assertField(new AppointmentSearchParams(null, String.valueOf(provider), null, null, "2026-03-03", null, null, null, null), "to");
        assertField(new AppointmentSearchParams(null, String.valueOf(provider), null, null, null, "2026-03-03", null, null, null), "from");
        assertField(new AppointmentSearchParams(null, String.valueOf(provider), "2026-03-03", null, "2026-03-03", null, null, null, null), "date");
        assertField(new AppointmentSearchParams(null, String.valueOf(provider), null, null, "2025-01-01", "2026-03-01", null, null, null), "to");
        assertField(new AppointmentSearchParams(String.valueOf(patient), null, null, null, "2026-03-04", "2026-03-03", null, null, null), "to");
        assertField(new AppointmentSearchParams(String.valueOf(patient), null, "2026-03-04", null, null, "2026-03-05", null, null, null), "date");
        assertField(new AppointmentSearchParams(String.valueOf(patient), null, "4 March", null, null, null, null, null, null), "date");
        assertField(new AppointmentSearchParams("999999", null, "2026-03-04", null, null, null, null, null, null), "patient");
    }

    private void assertField(AppointmentSearchParams params, String field) {
        assertThatThrownBy(() -> search.search(CALLER, params))
                .isInstanceOfSatisfying(InvalidParameterException.class, e -> assertThat(e.field()).isEqualTo(field));
    }

    @Test
    void theLateEveningAppointmentIsTheNextDayInUtc() {
        OffsetDateTime utc = search.search(CALLER, new AppointmentSearchParams(null, null, null, "HNL", "2026-03-03", "2026-03-03",
                "confirmed", null, null)).items().get(0).startsAt().atOffset(java.time.ZoneOffset.UTC);
        assertThat(utc.getDayOfMonth()).isEqualTo(4);
    }
}
