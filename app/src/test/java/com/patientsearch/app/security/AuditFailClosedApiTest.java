package com.patientsearch.app.security;

import com.patientsearch.persistence.datasource.OwnerDatabase;
import com.patientsearch.persistence.testing.TestPostgres;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A permanent audit failure (the app's login lost INSERT on audit_event: 42501) fails closed: reads answer 503
 * instead of returning unaudited data, writes and imports change nothing (their event is part of their
 * transaction), /health is DOWN; the first successful write brings everything back.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuditFailClosedApiTest implements TestPropertyProvider {

    @Inject
    EmbeddedServer server;
    @Inject
    OwnerDatabase owner;

    private final HttpClient http = HttpClient.newHttpClient();
    private long patient;

    @Override
    public Map<String, String> getProperties() {
        return TestPostgres.get().micronautProperties("audit_fail_closed");
    }

    @BeforeAll
    void fixtures() throws Exception {
        try (Connection connection = owner.connection(); Statement s = connection.createStatement()) {
            s.execute("INSERT INTO clinic (code, name, time_zone) VALUES ('AFC', 'Audit', 'UTC')");
            try (ResultSet rs = s.executeQuery("""
                    INSERT INTO patient (clinic_id, mrn, first_name, last_name, date_of_birth, gender)
                    SELECT id, 'AFC-1', 'Auda', 'Closedova', date '1970-07-07', 'female' FROM clinic RETURNING id""")) {
                rs.next();
                patient = rs.getLong(1);
            }
        }
    }

    @AfterEach
    void grantBack() throws Exception {
        owner("GRANT INSERT ON audit_event TO patient_search_app");
    }

    private void owner(String sql) throws Exception {
        try (Connection connection = owner.connection(); Statement s = connection.createStatement()) {
            s.execute(sql);
        }
    }

    private long count(String sql) throws Exception {
        try (Connection connection = owner.connection(); Statement s = connection.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private HttpResponse<String> send(String method, String path, String token, String contentType, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.getURL() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void readsWritesAndImportsFailClosedAndHealthIsDownUntilAuditWorksAgain() throws Exception {
        String clinician = TestTokens.token(Roles.CLINICIAN, "AFC");
        assertThat(send("GET", "/api/v1/patients/" + patient, clinician, null, null).statusCode()).as("control").isEqualTo(200);

        owner("REVOKE INSERT ON audit_event FROM patient_search_app");
        HttpResponse<String> read = send("GET", "/api/v1/patients/" + patient, clinician, null, null);
        assertThat(read.statusCode()).isEqualTo(503);
        assertThat(read.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(read.headers().firstValue("Retry-After")).isPresent();
        assertThat(read.body()).doesNotContain("Closedova", "Auda");
        assertThat(send("GET", "/api/v1/patients/search?q=closedova", clinician, null, null).statusCode()).isEqualTo(503);

        assertThat(send("GET", "/health", null, null, null).statusCode()).isEqualTo(503);
        HttpResponse<String> opsHealth = send("GET", "/health", TestTokens.token(Roles.OPS), null, null);
        assertThat(opsHealth.statusCode()).isEqualTo(503);
        assertThat(opsHealth.body()).contains("\"audit\"", "42501");

        HttpResponse<String> create = send("POST", "/api/v1/patients", clinician, "application/json", """
                {"clinic": "AFC", "mrn": "AFC-2", "firstName": "Nova", "lastName": "Unaudited",
                 "dateOfBirth": "1980-01-01", "gender": "female"}""");
        assertThat(create.statusCode()).isEqualTo(503);
        assertThat(count("SELECT count(*) FROM patient WHERE mrn = 'AFC-2'")).as("no change without its event").isZero();

        HttpResponse<String> imported = send("POST", "/api/v1/imports/patients", TestTokens.token(Roles.IMPORTER, "AFC"),
                "text/csv", "clinic_code,mrn,first_name,last_name,date_of_birth\nAFC,AFC-3,Imma,Unaudited,1981-01-01\n");
        assertThat(imported.statusCode()).isEqualTo(503);
        assertThat(count("SELECT count(*) FROM patient WHERE mrn = 'AFC-3'")).isZero();

        owner("GRANT INSERT ON audit_event TO patient_search_app");
        assertThat(send("GET", "/api/v1/patients/" + patient, clinician, null, null).statusCode()).isEqualTo(200);
        assertThat(send("GET", "/health", null, null, null).statusCode()).isEqualTo(200);
        HttpResponse<String> created = send("POST", "/api/v1/patients", clinician, "application/json", """
                {"clinic": "AFC", "mrn": "AFC-2", "firstName": "Nova", "lastName": "Audited",
                 "dateOfBirth": "1980-01-01", "gender": "female"}""");
        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(count("SELECT count(*) FROM audit_event WHERE action = 'create'")).as("committed with the change").isEqualTo(1);
    }
}
