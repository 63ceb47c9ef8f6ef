package com.patientsearch.app.api;

import com.patientsearch.app.security.TestTokens;
import com.patientsearch.persistence.datasource.OwnerDatabase;
import com.patientsearch.persistence.testing.TestPostgres;
import io.agroal.api.AgroalDataSource;
import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
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
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code GET /api/v1/patients/{id}} over HTTP: the record's JSON, and 404/400 as problem+json. */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PatientRecordApiTest implements TestPropertyProvider {

    @Inject
    @Client("/")
    HttpClient client;
    @Inject
    DataSource dataSource;
    @Inject
    OwnerDatabase owner;

    private long patientId;

    @Override
    public Map<String, String> getProperties() {
        return TestPostgres.get().micronautProperties("record_api");
    }

    @BeforeAll
    void fixtures() throws Exception {
        try (Connection connection = owner.connection();
             Statement s = connection.createStatement()) {
            s.execute("INSERT INTO clinic (code, name, time_zone) VALUES ('REC', 'Records', 'Europe/Lisbon')");
            s.execute("INSERT INTO provider (clinic_id, first_name, last_name) SELECT id, 'Inês', 'Costa' FROM clinic");
            try (ResultSet rs = s.executeQuery("""
                    INSERT INTO patient (clinic_id, mrn, first_name, last_name, date_of_birth, gender)
                    SELECT id, 'R-1', 'João', 'Conceição', date '1988-08-08', 'male' FROM clinic RETURNING id""")) {
                rs.next();
                patientId = rs.getLong(1);
            }
            s.execute("INSERT INTO contact_info (patient_id, kind, phone, email, is_primary) VALUES (%d, 'mobile', '+351 912 345 678', 'joao@example.pt', true)".formatted(patientId));
            s.execute("INSERT INTO address (patient_id, street, city, region, postal_code, country) VALUES (%d, 'Rua Augusta 1', 'Lisboa', 'Lisboa', '1100-048', 'PT')".formatted(patientId));
            s.execute("""
                    INSERT INTO appointment (patient_id, provider_id, clinic_id, starts_at, ends_at, status, reason)
                    SELECT %1$d, p.id, p.clinic_id, now() + interval '2 days', now() + interval '2 days 30 minutes', 'confirmed', 'check-up'
                    FROM provider p
                    UNION ALL
                    SELECT %1$d, p.id, p.clinic_id, now() - interval '30 days', now() - interval '29 days 23 hours', 'completed', NULL
                    FROM provider p""".formatted(patientId));
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void theRecordWithItsChildren() {
        Map<String, Object> record = client.toBlocking().retrieve(TestTokens.frontDesk(HttpRequest.GET("/api/v1/patients/" + patientId), "REC"), Map.class);
        assertThat(record).containsEntry("clinic", "REC").containsEntry("mrn", "R-1").containsEntry("firstName", "João")
                .containsEntry("lastName", "Conceição").containsEntry("dateOfBirth", "1988-08-08")
                .containsEntry("status", "active").containsEntry("version", 0);
        assertThat((List<Map<String, Object>>) record.get("contacts")).singleElement()
                .satisfies(c -> assertThat(c).containsEntry("phone", "+351 912 345 678").containsEntry("primary", true));
        assertThat((List<Map<String, Object>>) record.get("addresses")).singleElement()
                .satisfies(a -> assertThat(a).containsEntry("city", "Lisboa").containsEntry("country", "PT"));
        assertThat((List<Map<String, Object>>) record.get("upcomingAppointments")).singleElement()
                .satisfies(v -> assertThat(v).containsEntry("status", "confirmed").containsEntry("providerName", "Inês Costa"));
        assertThat((List<Map<String, Object>>) record.get("pastAppointments")).singleElement()
                .satisfies(v -> assertThat(v).containsEntry("status", "completed"));
    }

    @Test
    void unknownIdIsA404Problem() {
        assertProblem("/api/v1/patients/999999999", 404, null);
    }

    @Test
    void aMalformedIdIsA400NamingIt() {
        assertProblem("/api/v1/patients/abc", 400, "id");
        assertProblem("/api/v1/patients/0", 400, "id");
        assertProblem("/api/v1/patients/99999999999999999999", 400, "id");
    }

    private void assertProblem(String uri, int status, String field) {
        assertThatThrownBy(() -> client.toBlocking().exchange(TestTokens.frontDesk(HttpRequest.GET(uri), "REC"), Argument.of(Map.class), Argument.of(Map.class)))
                .as(uri)
                .isInstanceOfSatisfying(HttpClientResponseException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(status);
                    assertThat(e.getResponse().getContentType().map(Object::toString)).hasValue("application/problem+json");
                    Map<?, ?> body = e.getResponse().getBody(Map.class).orElseThrow();
                    assertThat(body.get("status")).isEqualTo(status);
                    if (field != null) {
                        assertThat(body.get("field")).isEqualTo(field);
                    }
                });
    }
}
