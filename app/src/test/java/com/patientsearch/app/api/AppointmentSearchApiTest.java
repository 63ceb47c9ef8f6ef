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

/** {@code GET /api/v1/appointments/search} over HTTP: the page contract and problem+json for bad input. */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AppointmentSearchApiTest implements TestPropertyProvider {

    @Inject
    @Client("/")
    HttpClient client;
    @Inject
    DataSource dataSource;
    @Inject
    OwnerDatabase owner;

    private long providerId;

    @Override
    public Map<String, String> getProperties() {
        return TestPostgres.get().micronautProperties("appointment_api");
    }

    @BeforeAll
    void fixtures() throws Exception {
        try (Connection connection = owner.connection();
             Statement s = connection.createStatement()) {
            s.execute("INSERT INTO clinic (code, name, time_zone) VALUES ('NYC', 'NYC', 'America/New_York')");
            try (ResultSet rs = s.executeQuery("INSERT INTO provider (clinic_id, first_name, last_name) SELECT id, 'Ruth', 'Ortiz' FROM clinic RETURNING id")) {
                rs.next();
                providerId = rs.getLong(1);
            }
            s.execute("""
                    INSERT INTO patient (clinic_id, mrn, first_name, last_name, date_of_birth, gender)
                    SELECT id, 'N-1', 'Sam', 'Lowe', date '1960-02-02', 'male' FROM clinic""");
            s.execute("""
                    INSERT INTO appointment (patient_id, provider_id, clinic_id, starts_at, ends_at, status)
                    SELECT p.id, %d, p.clinic_id, timestamptz '2026-06-01 09:00 America/New_York' + i * interval '1 hour',
                           timestamptz '2026-06-01 09:30 America/New_York' + i * interval '1 hour', 'scheduled'
                    FROM patient p, generate_series(0, 2) i""".formatted(providerId));
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void aProvidersDayAsJson() {
        Map<String, Object> page = client.toBlocking().retrieve(
                TestTokens.frontDesk(HttpRequest.GET("/api/v1/appointments/search?provider=" + providerId + "&date=2026-06-01&limit=2"), "NYC"), Map.class);
        List<Map<String, Object>> items = (List<Map<String, Object>>) page.get("items");
        assertThat(items).hasSize(2);
        assertThat(items.get(0)).containsEntry("patientName", "Sam Lowe").containsEntry("providerName", "Ruth Ortiz")
                .containsEntry("clinic", "NYC").containsEntry("status", "scheduled").containsEntry("startsAt", "2026-06-01T13:00:00Z");
        assertThat(page.get("nextCursor")).isInstanceOf(String.class);
    }

    @Test
    void badInputIsAProblemNamingTheField() {
        for (Map.Entry<String, String> bad : Map.of("provider=" + 1 + "&date=tomorrow", "date", "clinic=NYC&from=2026-06-01", "to",
                "patient=1&page=2", "page").entrySet()) {
            assertThatThrownBy(() -> client.toBlocking().exchange(TestTokens.frontDesk(HttpRequest.GET("/api/v1/appointments/search?" + bad.getKey()), "NYC"),
                    Argument.of(Map.class), Argument.of(Map.class)))
                    .as(bad.getKey())
                    .isInstanceOfSatisfying(HttpClientResponseException.class, e -> {
                        assertThat(e.getStatus().getCode()).isEqualTo(400);
                        assertThat(e.getResponse().getContentType().map(Object::toString)).hasValue("application/problem+json");
                        assertThat(e.getResponse().getBody(Map.class).orElseThrow().get("field")).isEqualTo(bad.getValue());
                    });
        }
    }
}
