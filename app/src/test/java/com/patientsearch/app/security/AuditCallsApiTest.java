package com.patientsearch.app.security;

import com.patientsearch.persistence.audit.AuditEvent;
import com.patientsearch.persistence.audit.AuditTrail;
import com.patientsearch.persistence.datasource.OwnerDatabase;
import com.patientsearch.persistence.testing.TestPostgres;
import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpRequest;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.test.annotation.MockBean;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.mockito.Mockito;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The controllers hand every patient read, search hit list, create, update and merge to the audit trail: caller (from
 * the token), action, the route template (never the query string), the patient ids in response order.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuditCallsApiTest implements TestPropertyProvider {

    @Inject
    @Client("/")
    HttpClient client;
    @Inject
    OwnerDatabase owner;
    @Inject
    AuditTrail audit;

    private long first;
    private long second;

    @MockBean(AuditTrail.class)
    AuditTrail recordingTrail() {
        return Mockito.mock(AuditTrail.class);
    }

    @Override
    public Map<String, String> getProperties() {
        return TestPostgres.get().micronautProperties("audit_calls");
    }

    @BeforeAll
    void fixtures() throws Exception {
        try (Connection connection = owner.connection(); Statement s = connection.createStatement()) {
            s.execute("INSERT INTO clinic (code, name, time_zone) VALUES ('AUD', 'Audit', 'UTC')");
            s.execute("INSERT INTO provider (clinic_id, first_name, last_name) SELECT id, 'Ada', 'Audit' FROM clinic");
            try (ResultSet rs = s.executeQuery("""
                    INSERT INTO patient (clinic_id, mrn, first_name, last_name, date_of_birth, gender)
                    SELECT id, v.mrn, v.first, 'Auditson', date '1960-01-01', 'male'
                    FROM clinic, (VALUES ('AU-1', 'Albert'), ('AU-2', 'Alberto')) AS v(mrn, first) ORDER BY v.mrn RETURNING id""")) {
                rs.next();
                first = rs.getLong(1);
                rs.next();
                second = rs.getLong(1);
            }
            s.execute("""
                    INSERT INTO appointment (patient_id, provider_id, clinic_id, starts_at, ends_at, status)
                    SELECT pa.id, pr.id, pa.clinic_id, timestamptz '2026-06-01 09:00Z' + pa.id * interval '1 hour',
                           timestamptz '2026-06-01 09:30Z' + pa.id * interval '1 hour', 'scheduled'
                    FROM patient pa, provider pr""");
        }
    }

    @BeforeEach
    void forget() {
        Mockito.clearInvocations(audit);
    }

    @Test
    void aSearchRecordsItsHitsInOrderWithoutTheQueryString() {
        Map<?, ?> page = client.toBlocking().retrieve(as(HttpRequest.GET("/api/v1/patients/search?q=albert+auditson"))
                .header("X-Request-Id", "req-search-1"), Map.class);
        List<Long> shown = ((List<?>) page.get("items")).stream().map(i -> ((Number) ((Map<?, ?>) i).get("id")).longValue()).toList();
        assertThat(shown).containsExactlyInAnyOrder(first, second);

        AuditEvent event = single();
        assertThat(event.action()).isEqualTo("search");
        assertThat(event.endpoint()).isEqualTo("GET /api/v1/patients/search").doesNotContain("?", "albert");
        assertThat(event.patientIds()).containsExactlyElementsOf(shown);
        assertThat(event.caller().user()).isEqualTo("tester");
        assertThat(event.caller().role()).isEqualTo(Roles.CLINICIAN);
        assertThat(event.caller().clinics()).containsExactly("AUD");
        assertThat(event.caller().requestId()).isEqualTo("req-search-1");
        assertThat(event.at()).isNotNull();
    }

    @Test
    void aReadAndAnAppointmentListAreRecorded() {
        client.toBlocking().retrieve(as(HttpRequest.GET("/api/v1/patients/" + first)), Map.class);
        AuditEvent read = single();
        assertThat(read.action()).isEqualTo("read");
        assertThat(read.endpoint()).isEqualTo("GET /api/v1/patients/{id}");
        assertThat(read.patientIds()).containsExactly(first);

        Mockito.clearInvocations(audit);
        client.toBlocking().retrieve(as(HttpRequest.GET("/api/v1/appointments/search?clinic=AUD&from=2026-06-01&to=2026-06-30")), Map.class);
        AuditEvent appointments = single();
        assertThat(appointments.action()).isEqualTo("search");
        assertThat(appointments.endpoint()).isEqualTo("GET /api/v1/appointments/search");
        assertThat(appointments.patientIds()).containsExactlyInAnyOrder(first, second);
    }

    @Test
    void aRefusedOrFailedRequestRecordsNothing() {
        HttpClientResponseException missing = catchThrowableOfType(() -> client.toBlocking().exchange(
                as(HttpRequest.GET("/api/v1/patients/999999999")), Argument.of(Map.class), Argument.of(Map.class)),
                HttpClientResponseException.class);
        assertThat(missing.getStatus().getCode()).isEqualTo(404);
        catchThrowableOfType(() -> client.toBlocking().exchange(HttpRequest.GET("/api/v1/patients/" + first)),
                HttpClientResponseException.class);
        Mockito.verifyNoInteractions(audit);
    }

    @Test
    void createUpdateAndMergeAreRecorded() {
        Map<String, Object> body = new HashMap<>();
        body.put("clinic", "AUD");
        body.put("mrn", "AU-3");
        body.put("firstName", "Alba");
        body.put("lastName", "Auditson");
        body.put("dateOfBirth", "1961-02-02");
        body.put("gender", "female");
        Map<?, ?> created = client.toBlocking().retrieve(as(HttpRequest.POST("/api/v1/patients", body)), Map.class);
        long id = ((Number) created.get("id")).longValue();
        AuditEvent create = single();
        assertThat(create.action()).isEqualTo("create");
        assertThat(create.endpoint()).isEqualTo("POST /api/v1/patients");
        assertThat(create.patientIds()).containsExactly(id);

        Mockito.clearInvocations(audit);
        body.put("lastName", "Auditsdottir");
        body.put("version", created.get("version"));
        Map<?, ?> updated = client.toBlocking().retrieve(as(HttpRequest.PUT("/api/v1/patients/" + id, body)), Map.class);
        AuditEvent update = single();
        assertThat(update.action()).isEqualTo("update");
        assertThat(update.endpoint()).isEqualTo("PUT /api/v1/patients/{id}");
        assertThat(update.patientIds()).containsExactly(id);

        Mockito.clearInvocations(audit);
        client.toBlocking().retrieve(as(HttpRequest.POST("/api/v1/patients/" + id + "/merge",
                Map.of("survivorId", second, "version", updated.get("version")))), Map.class);
        AuditEvent merge = single();
        assertThat(merge.action()).isEqualTo("merge");
        assertThat(merge.endpoint()).isEqualTo("POST /api/v1/patients/{id}/merge");
        assertThat(merge.patientIds()).containsExactly(id, second);
    }

    private static <T> MutableHttpRequest<T> as(MutableHttpRequest<T> request) {
        return TestTokens.clinician(request, "AUD");
    }

    /** The one event recorded: queued by a read (record) or written in a write's transaction (recordIn). */
    private AuditEvent single() {
        List<AuditEvent> events = Mockito.mockingDetails(audit).getInvocations().stream()
                .filter(call -> call.getMethod().getName().startsWith("record"))
                .map(call -> call.getArguments()[call.getArguments().length - 1])
                .map(AuditEvent.class::cast).toList();
        assertThat(events).hasSize(1);
        return events.get(0);
    }
}
