package com.patientsearch.app.security;

import com.patientsearch.persistence.datasource.OwnerDatabase;
import com.patientsearch.persistence.testing.TestPostgres;
import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpRequest;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 7's "tests as a clinic-A caller": two clinics with look-alike patients; a clinic-A token finds, reads,
 * lists and changes nothing of clinic B. A B id answers 404 like an id that does not exist, so ids cannot be probed.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClinicScopingApiTest implements TestPropertyProvider {

    @Inject
    @Client("/")
    HttpClient client;
    @Inject
    OwnerDatabase owner;

    private long patientA;
    private long patientB;
    private long providerB;

    @Override
    public Map<String, String> getProperties() {
        return TestPostgres.get().micronautProperties("clinic_scoping");
    }

    @BeforeAll
    void fixtures() throws Exception {
        try (Connection connection = owner.connection();
             Statement s = connection.createStatement()) {
            s.execute("INSERT INTO clinic (code, name, time_zone) VALUES ('ALPHA', 'Alpha', 'UTC'), ('BRAVO', 'Bravo', 'UTC')");
            s.execute("INSERT INTO provider (clinic_id, first_name, last_name) SELECT id, 'Doc', code FROM clinic");
            patientA = insertPatient(s, "ALPHA", "A-100", "Marisol", "Quintanilla");
            patientB = insertPatient(s, "BRAVO", "B-100", "Marisela", "Quintanilla");
            insertPatient(s, "ALPHA", "A-101", "Marisa", "Quintanilla"); // a second page for the cursor test
            s.execute("INSERT INTO contact_info (patient_id, kind, phone, email, is_primary) VALUES "
                    + "(" + patientA + ", 'mobile', '(555) 301-1111', 'marisol@example.org', true), "
                    + "(" + patientB + ", 'mobile', '(555) 302-2222', 'marisela@example.org', true)");
            try (ResultSet rs = s.executeQuery("SELECT p.id FROM provider p JOIN clinic c ON c.id = p.clinic_id WHERE c.code = 'BRAVO'")) {
                rs.next();
                providerB = rs.getLong(1);
            }
            s.execute("""
                    INSERT INTO appointment (patient_id, provider_id, clinic_id, starts_at, ends_at, status)
                    SELECT pa.id, pr.id, pa.clinic_id, timestamptz '2026-06-01 10:00Z', timestamptz '2026-06-01 10:30Z', 'scheduled'
                    FROM patient pa JOIN provider pr ON pr.clinic_id = pa.clinic_id""");
        }
    }

    private static long insertPatient(Statement s, String clinic, String mrn, String first, String last) throws Exception {
        try (ResultSet rs = s.executeQuery("""
                INSERT INTO patient (clinic_id, mrn, first_name, last_name, date_of_birth, gender)
                SELECT id, '%s', '%s', '%s', date '1985-05-05', 'female' FROM clinic WHERE code = '%s' RETURNING id"""
                .formatted(mrn, first, last, clinic))) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void theClinicAUserFindsTheirOwnPatient() {
        // The control: without it, "finds nothing" below could mean "search is broken".
        assertThat(searchIds("q=marisol+quintanilla")).contains(patientA);
        assertThat(searchIds("phone=555-301-1111")).containsExactly(patientA);
        assertThat(client.toBlocking().exchange(asA(HttpRequest.GET("/api/v1/patients/" + patientA)), Map.class)
                .getStatus().getCode()).isEqualTo(200);
    }

    @Test
    void searchingForClinicBPatientsFindsNothing() {
        assertThat(searchIds("q=marisela+quintanilla")).doesNotContain(patientB);
        assertThat(searchIds("q=quintanilla")).doesNotContain(patientB);
        assertThat(searchIds("phone=555-302-2222")).isEmpty();
        assertThat(searchIds("phone=2222")).isEmpty();
        assertThat(searchIds("email=marisela@example.org")).isEmpty();
        assertThat(searchIds("mrn=B-100")).isEmpty();
        assertEmptyOrRefused("/api/v1/patients/search?clinic=BRAVO&q=quintanilla");
    }

    @Test
    void aCursorShowsNoSearchTermAndServesOnlyTheCallerItWasIssuedTo() {
        String uri = "/api/v1/patients/search?q=quintanilla+1985&limit=1";
        Map<?, ?> page = client.toBlocking().retrieve(asA(HttpRequest.GET(uri)), Map.class);
        String cursor = (String) page.get("nextCursor");
        assertThat(cursor).isNotNull();
        String opened = new String(java.util.Base64.getUrlDecoder().decode(cursor), java.nio.charset.StandardCharsets.ISO_8859_1);
        assertThat((cursor + opened).toLowerCase()).doesNotContain("quintanilla", "marisol", "marisa", "1985", "a-10");

        String next = uri + "&cursor=" + cursor;
        assertThat(status(asA(HttpRequest.GET(next)))).as("the caller it was issued to").isEqualTo(200);
        java.time.Instant now = java.time.Instant.now();
        java.time.Duration ttl = java.time.Duration.ofMinutes(5);
        String otherUser = TestTokens.token("mallory", Roles.CLINICIAN, ttl, now, "ALPHA");
        String moreClinics = TestTokens.token("tester", Roles.CLINICIAN, ttl, now, "ALPHA", "BRAVO");
        String otherRole = TestTokens.token("tester", Roles.FRONT_DESK, ttl, now, "ALPHA");
        for (String token : List.of(otherUser, moreClinics, otherRole)) {
            HttpClientResponseException refused = org.assertj.core.api.Assertions.catchThrowableOfType(
                    () -> client.toBlocking().exchange(HttpRequest.GET(next).bearerAuth(token), String.class),
                    HttpClientResponseException.class);
            assertThat(refused).isNotNull();
            assertThat(refused.getStatus().getCode()).isEqualTo(400);
            assertThat(refused.getResponse().getBody(String.class).orElse("")).contains("cursor").contains("another caller");
        }
    }

    @Test
    void readingAClinicBPatientIs404LikeAnUnknownId() {
        assertStatus(asA(HttpRequest.GET("/api/v1/patients/" + patientB)), 404);
        assertStatus(asA(HttpRequest.GET("/api/v1/patients/999999999")), 404);
    }

    @Test
    void clinicBAppointmentsAreNotListed() {
        assertEmptyOrRefused("/api/v1/appointments/search?patient=" + patientB);
        assertEmptyOrRefused("/api/v1/appointments/search?provider=" + providerB + "&date=2026-06-01");
        assertEmptyOrRefused("/api/v1/appointments/search?clinic=BRAVO&from=2026-05-01&to=2026-07-01");
    }

    @Test
    void changingAClinicBPatientIs404AndChangesNothing() throws Exception {
        Map<String, Object> body = new HashMap<>();
        body.put("clinic", "BRAVO");
        body.put("mrn", "B-100");
        body.put("firstName", "Changed");
        body.put("lastName", "ByAlpha");
        body.put("dateOfBirth", "1985-05-05");
        body.put("gender", "female");
        body.put("version", 0);
        assertStatus(asA(HttpRequest.PUT("/api/v1/patients/" + patientB, body)), 404);
        assertStatus(asA(HttpRequest.POST("/api/v1/patients/" + patientB + "/merge", Map.of("survivorId", patientA, "version", 0))), 404);
        int intoB = status(asA(HttpRequest.POST("/api/v1/patients/" + patientA + "/merge", Map.of("survivorId", patientB, "version", 0))));
        assertThat(intoB).as("merging into a clinic-B survivor").isIn(400, 404);
        body.put("mrn", "A-NEW");
        assertThat(status(asA(HttpRequest.POST("/api/v1/patients", body)))).as("creating a patient in clinic B").isIn(400, 403, 404);

        try (Connection connection = owner.connection();
             Statement s = connection.createStatement();
             ResultSet rs = s.executeQuery("SELECT first_name, status, version FROM patient WHERE id = " + patientB
                     + " UNION ALL SELECT first_name, status, version FROM patient WHERE id = " + patientA)) {
            rs.next();
            assertThat(rs.getString(1)).isEqualTo("Marisela");
            assertThat(rs.getString(2)).isEqualTo("active");
            assertThat(rs.getLong(3)).isZero();
            rs.next();
            assertThat(rs.getString(2)).as("clinic A's patient was not merged away").isEqualTo("active");
        }
        try (Connection connection = owner.connection();
             Statement s = connection.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM patient WHERE mrn = 'A-NEW'")) {
            rs.next();
            assertThat(rs.getLong(1)).isZero();
        }
    }

    private static <T> MutableHttpRequest<T> asA(MutableHttpRequest<T> request) {
        return TestTokens.clinician(request, "ALPHA");
    }

    private List<Long> searchIds(String query) {
        Map<?, ?> page = client.toBlocking().retrieve(asA(HttpRequest.GET("/api/v1/patients/search?" + query)), Map.class);
        return ((List<?>) page.get("items")).stream().map(item -> ((Number) ((Map<?, ?>) item).get("id")).longValue()).toList();
    }

    /** 200 with no items, or a 4xx refusal (e.g. 400 "unknown clinic"): either way nothing of clinic B. */
    private void assertEmptyOrRefused(String uri) {
        try {
            Map<?, ?> page = client.toBlocking().retrieve(asA(HttpRequest.GET(uri)), Map.class);
            assertThat((List<?>) page.get("items")).as(uri).isEmpty();
        } catch (HttpClientResponseException e) {
            assertThat(e.getStatus().getCode()).as(uri).isIn(400, 403, 404);
            assertThat(e.getResponse().getBody(String.class).orElse("")).doesNotContain("Marisela", "302-2222");
        }
    }

    private void assertStatus(MutableHttpRequest<?> request, int expected) {
        assertThat(status(request)).as(request.getMethodName() + " " + request.getPath()).isEqualTo(expected);
    }

    private int status(MutableHttpRequest<?> request) {
        try {
            return client.toBlocking().exchange(request, Argument.of(String.class), Argument.of(String.class)).getStatus().getCode();
        } catch (HttpClientResponseException e) {
            assertThat(e.getResponse().getBody(String.class).orElse("")).doesNotContain("Marisela", "302-2222");
            return e.getStatus().getCode();
        }
    }
}
