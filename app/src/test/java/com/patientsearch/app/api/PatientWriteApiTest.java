package com.patientsearch.app.api;

import com.patientsearch.app.security.TestTokens;
import com.patientsearch.persistence.datasource.OwnerDatabase;
import com.patientsearch.persistence.testing.TestPostgres;
import io.agroal.api.AgroalDataSource;
import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
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

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Creates, updates and merges over HTTP; each change is visible to the very next search. */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PatientWriteApiTest implements TestPropertyProvider {

    @Inject
    @Client("/")
    HttpClient client;
    @Inject
    DataSource dataSource;
    @Inject
    OwnerDatabase owner;

    @Override
    public Map<String, String> getProperties() {
        return TestPostgres.get().micronautProperties("write_api");
    }

    @BeforeAll
    void clinic() throws Exception {
        try (Connection connection = owner.connection();
             Statement s = connection.createStatement()) {
            s.execute("INSERT INTO clinic (code, name, time_zone) VALUES ('WRT', 'Writes', 'America/Phoenix')");
        }
    }

    private static Map<String, Object> patient(String mrn, String first, String last) {
        Map<String, Object> body = new HashMap<>();
        body.put("clinic", "WRT");
        body.put("mrn", mrn);
        body.put("firstName", first);
        body.put("lastName", last);
        body.put("dateOfBirth", "1979-04-05");
        body.put("gender", "female");
        body.put("contacts", List.of(Map.of("kind", "mobile", "phone", "(602) 555-0147", "primary", true)));
        body.put("addresses", List.of(Map.of("street", "1 Cactus Rd", "city", "Phoenix", "state", "AZ", "country", "us")));
        return body;
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> send(MutableHttpRequest<?> request) {
        return client.toBlocking().retrieve(TestTokens.clinician(request, "WRT"), Map.class);
    }

    private List<Object> searchIds(String query) {
        Map<?, ?> page = client.toBlocking().retrieve(TestTokens.frontDesk(HttpRequest.GET("/api/v1/patients/search?clinic=WRT&" + query), "WRT"), Map.class);
        return ((List<?>) page.get("items")).stream().map(item -> (Object) ((Map<?, ?>) item).get("id")).toList();
    }

    @Test
    @SuppressWarnings("unchecked")
    void createThenFindThenUpdateThenFindTheNewName() {
        Map<String, Object> zelda = patient("W-1", "Zelda", "Quimby");
        zelda.put("contacts", List.of(Map.of("kind", "mobile", "phone", "(602) 555-7788", "primary", true)));
        HttpResponse<Map> created = client.toBlocking().exchange(TestTokens.clinician(HttpRequest.POST("/api/v1/patients", zelda), "WRT"), Map.class);
        assertThat(created.code()).isEqualTo(201);
        Map<String, Object> record = created.body();
        Object id = record.get("id");
        assertThat(created.header("Location")).isEqualTo("/api/v1/patients/" + id);
        assertThat((List<Map<String, Object>>) record.get("addresses")).singleElement()
                .satisfies(a -> assertThat(a).containsEntry("country", "US"));
        assertThat(searchIds("q=zelda+quimby")).containsExactly(id);
        assertThat(searchIds("phone=602.555.7788")).containsExactly(id);

        Map<String, Object> change = patient("W-1", "Zelda", "Quimby-Hart");
        change.put("version", record.get("version"));
        Map<String, Object> updated = send(HttpRequest.PUT("/api/v1/patients/" + id, change));
        assertThat(updated.get("lastName")).isEqualTo("Quimby-Hart");
        assertThat(((Number) updated.get("version")).longValue()).isEqualTo(((Number) record.get("version")).longValue() + 1);
        assertThat(searchIds("q=zelda+hart")).containsExactly(id);

        // the version read before the update is stale now
        assertStatus(HttpRequest.PUT("/api/v1/patients/" + id, change), 409, null);
    }

    @Test
    void mergeHidesTheMergedRecordFromSearch() {
        Map<String, Object> survivor = send(HttpRequest.POST("/api/v1/patients", patient("W-2", "Yorick", "Ulverston")));
        Map<String, Object> duplicate = send(HttpRequest.POST("/api/v1/patients", patient("W-3", "Yorick", "Ulverstone")));
        assertThat(searchIds("q=yorick+ulverston")).contains(survivor.get("id"), duplicate.get("id"));

        Map<String, Object> merged = send(HttpRequest.POST("/api/v1/patients/" + duplicate.get("id") + "/merge",
                Map.of("survivorId", survivor.get("id"), "version", duplicate.get("version"))));
        assertThat(merged).containsEntry("status", "merged").containsEntry("mergedInto", survivor.get("id"));
        assertThat(searchIds("q=yorick+ulverston")).containsExactly(survivor.get("id"));

        assertStatus(HttpRequest.POST("/api/v1/patients/" + duplicate.get("id") + "/merge",
                Map.of("survivorId", survivor.get("id"), "version", merged.get("version"))), 409, null);
        assertStatus(HttpRequest.POST("/api/v1/patients/" + survivor.get("id") + "/merge",
                Map.of("survivorId", survivor.get("id"), "version", survivor.get("version"))), 400, "survivorId");
    }

    @Test
    void badWritesNameTheField() {
        Map<String, Object> noLastName = patient("W-9", "Ann", null);
        assertStatus(HttpRequest.POST("/api/v1/patients", noLastName), 400, "lastName");
        Map<String, Object> future = patient("W-9", "Ann", "Lee");
        future.put("dateOfBirth", "2999-01-01");
        assertStatus(HttpRequest.POST("/api/v1/patients", future), 400, "dateOfBirth");
        Map<String, Object> badPhone = patient("W-9", "Ann", "Lee");
        badPhone.put("contacts", List.of(Map.of("kind", "mobile", "phone", "call me")));
        assertStatus(HttpRequest.POST("/api/v1/patients", badPhone), 400, "contacts[0].phone");
        Map<String, Object> unknownClinic = patient("W-9", "Ann", "Lee");
        unknownClinic.put("clinic", "NOPE");
        assertStatus(HttpRequest.POST("/api/v1/patients", unknownClinic), 400, "clinic");
        Map<String, Object> unknownMember = patient("W-9", "Ann", "Lee");
        unknownMember.put("ssn", "123-45-6789");
        assertStatus(HttpRequest.POST("/api/v1/patients", unknownMember), 400, null);

        send(HttpRequest.POST("/api/v1/patients", patient("W-10", "Ann", "Lee")));
        assertStatus(HttpRequest.POST("/api/v1/patients", patient("W-10", "Other", "Person")), 409, null);
        assertStatus(HttpRequest.PUT("/api/v1/patients/999999", patient("W-11", "Ann", "Lee")), 404, null);
    }

    private void assertStatus(MutableHttpRequest<?> request, int status, String field) {
        assertThatThrownBy(() -> client.toBlocking().exchange(TestTokens.clinician(request, "WRT"), Argument.of(Map.class), Argument.of(Map.class)))
                .isInstanceOfSatisfying(HttpClientResponseException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(status);
                    assertThat(e.getResponse().getContentType().map(Object::toString)).hasValue("application/problem+json");
                    if (field != null) {
                        assertThat(e.getResponse().getBody(Map.class).orElseThrow().get("field")).isEqualTo(field);
                    }
                    assertThat(e.getResponse().getBody(String.class).orElse("")).doesNotContain("123-45-6789", "Exception");
                });
    }
}
