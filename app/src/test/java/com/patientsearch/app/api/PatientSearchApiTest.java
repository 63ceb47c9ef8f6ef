package com.patientsearch.app.api;

import com.patientsearch.app.security.TestTokens;
import com.patientsearch.persistence.datasource.OwnerDatabase;
import com.patientsearch.persistence.testing.TestPostgres;
import io.agroal.api.AgroalDataSource;
import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
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
import java.sql.Statement;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The search endpoint over HTTP: the JSON contract front ends rely on, and bad input as problem+json. */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PatientSearchApiTest implements TestPropertyProvider {

    @Inject
    @Client("/")
    HttpClient client;
    @Inject
    DataSource dataSource;
    @Inject
    OwnerDatabase owner;

    @Override
    public Map<String, String> getProperties() {
        return TestPostgres.get().micronautProperties("search_api");
    }

    @BeforeAll
    void fixtures() throws Exception {
        try (Connection connection = owner.connection();
             Statement s = connection.createStatement()) {
            s.execute("INSERT INTO clinic (code, name, time_zone) VALUES ('EAST', 'East', 'America/New_York')");
            s.execute("""
                    INSERT INTO patient (clinic_id, mrn, first_name, middle_name, last_name, date_of_birth, gender)
                    SELECT c.id, v.mrn, v.first, v.middle, v.last, v.dob::date, v.gender
                    FROM clinic c, (VALUES ('E-1', 'José', NULL, 'García', '1980-01-02', 'male'),
                                           ('E-2', 'Josefina', 'Ana', 'Garcia', '1991-03-04', 'female')) AS v(mrn, first, middle, last, dob, gender)
                    WHERE c.code = 'EAST'""");
            s.execute("""
                    INSERT INTO contact_info (patient_id, kind, phone, email, is_primary)
                    SELECT id, 'mobile', '(555) 010-0001', 'jose@example.com', true FROM patient WHERE mrn = 'E-1'""");
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void answersTheDocumentedJsonShape() {
        HttpResponse<Map> response = client.toBlocking()
                .exchange(TestTokens.frontDesk(HttpRequest.GET("/api/v1/patients/search?q=garcia+jose&clinic=EAST"), "EAST"), Map.class);
        assertThat(response.code()).isEqualTo(200);
        Map<String, Object> body = response.body();
        assertThat(body).containsKeys("items", "nextCursor");
        assertThat((Object) body.get("nextCursor")).isNull();
        List<Map<String, Object>> items = (List<Map<String, Object>>) body.get("items");
        assertThat(items).extracting(item -> item.get("mrn")).containsExactly("E-1", "E-2");
        Map<String, Object> first = items.get(0);
        assertThat(first).containsEntry("clinic", "EAST").containsEntry("firstName", "José")
                .containsEntry("lastName", "García").containsEntry("dateOfBirth", "1980-01-02")
                .containsEntry("gender", "male").containsEntry("status", "active")
                .containsEntry("phone", "(555) 010-0001").containsEntry("email", "jose@example.com")
                .containsKey("middleName").containsKey("score");
        assertThat((Object) first.get("middleName")).isNull();
        assertThat(((Number) first.get("score")).doubleValue()).isGreaterThan(((Number) items.get(1).get("score")).doubleValue());
    }

    @Test
    void anEmptyResultStillHasItems() {
        Map<?, ?> body = client.toBlocking().retrieve(TestTokens.frontDesk(HttpRequest.GET("/api/v1/patients/search?q=zzyzx"), "EAST"), Map.class);
        assertThat(body.get("items")).isEqualTo(List.of());
        assertThat(body.containsKey("nextCursor")).isTrue();
    }

    @Test
    void pagesThroughCursors() {
        Map<?, ?> first = client.toBlocking().retrieve(TestTokens.frontDesk(HttpRequest.GET("/api/v1/patients/search?q=garcia&limit=1"), "EAST"), Map.class);
        String cursor = (String) first.get("nextCursor");
        assertThat(cursor).isNotNull();
        Map<?, ?> second = client.toBlocking().retrieve(
                TestTokens.frontDesk(HttpRequest.GET("/api/v1/patients/search?q=garcia&limit=1&cursor=" + cursor), "EAST"), Map.class);
        assertThat(second.get("nextCursor")).isNull();
        @SuppressWarnings("unchecked")
        List<Object> firstItems = (List<Object>) first.get("items");
        @SuppressWarnings("unchecked")
        List<Object> secondItems = (List<Object>) second.get("items");
        assertThat(secondItems).hasSize(1).doesNotContainAnyElementsOf(firstItems);
    }

    @Test
    void badValuesNameTheirField() {
        Map<String, String> cases = Map.of(
                "q=smith&limit=500", "limit", "q=smith&dob=1980-13-45", "dob", "q=", "q",
                "q=smith&clinic=NOPE", "clinic", "q=smith&cursor=forged.cursor", "cursor", "phone=12", "phone");
        cases.forEach((query, field) -> assertThatThrownBy(() -> client.toBlocking().exchange(
                TestTokens.frontDesk(HttpRequest.GET("/api/v1/patients/search?" + query), "EAST"), Argument.of(Map.class), Argument.of(Map.class)))
                .as(query)
                .isInstanceOfSatisfying(HttpClientResponseException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(400);
                    assertThat(e.getResponse().getBody(Map.class).orElseThrow().get("field")).isEqualTo(field);
                }));
    }

    @Test
    void unknownOrRepeatedParametersAreRefused() {
        for (String query : List.of("q=garcia&page=2", "q=garcia&offset=20", "q=garcia&q=jose")) {
            assertThatThrownBy(() -> client.toBlocking().exchange(TestTokens.frontDesk(HttpRequest.GET("/api/v1/patients/search?" + query), "EAST"),
                    Argument.of(Map.class), Argument.of(Map.class)))
                    .isInstanceOfSatisfying(HttpClientResponseException.class, e -> {
                        assertThat(e.getStatus().getCode()).isEqualTo(400);
                        Map<?, ?> problem = e.getResponse().getBody(Map.class).orElseThrow();
                        assertThat(problem.get("field")).isIn("page", "offset", "q");
                        assertThat(problem.get("status")).isEqualTo(400);
                        assertThat(problem.toString()).doesNotContain("Exception", "at com.");
                        assertThat(e.getResponse().getContentType()).hasValueSatisfying(
                                type -> assertThat((Object) type.toString()).isEqualTo("application/problem+json"));
                    });
        }
    }
}
