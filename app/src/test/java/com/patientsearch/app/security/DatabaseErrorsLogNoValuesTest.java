package com.patientsearch.app.security;

import com.patientsearch.persistence.datasource.OwnerDatabase;
import com.patientsearch.persistence.testing.TestPostgres;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Database errors whose server message or Detail quotes row values (a unique key, a check, a foreign key, a trigger
 * that names the value it refuses) reach the API through a patient write; the captured log, every logger verbose
 * under the shipped logback.xml, holds none of the values. The constraints are the test's own, added as the owner,
 * so that the services' own pre-checks do not catch them first.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DatabaseErrorsLogNoValuesTest implements TestPropertyProvider {

    @Inject
    EmbeddedServer server;
    @Inject
    OwnerDatabase owner;

    @Override
    public Map<String, String> getProperties() {
        return TestPostgres.get().micronautProperties("db_error_logs");
    }

    @BeforeAll
    void constraints() throws Exception {
        try (Connection connection = owner.connection(); Statement s = connection.createStatement()) {
            s.execute("INSERT INTO clinic (code, name, time_zone) VALUES ('DBE', 'Errors', 'UTC')");
            s.execute("CREATE UNIQUE INDEX test_unique_last ON patient (last_name) WHERE last_name LIKE 'Uniq%'");
            s.execute("ALTER TABLE patient ADD CONSTRAINT test_check_first CHECK (first_name <> 'Checkvalorgamma')");
            s.execute("CREATE TABLE test_city (name text PRIMARY KEY)");
            s.execute("ALTER TABLE address ADD CONSTRAINT test_fk_city FOREIGN KEY (city) REFERENCES test_city (name)");
            s.execute("""
                    CREATE FUNCTION test_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
                    BEGIN
                        IF NEW.last_name = 'Triggervalorepsilon' THEN
                            RAISE EXCEPTION 'refused patient % % born %', NEW.first_name, NEW.last_name, NEW.date_of_birth;
                        END IF;
                        RETURN NEW;
                    END $$""");
            s.execute("CREATE TRIGGER test_refuse BEFORE INSERT ON patient FOR EACH ROW EXECUTE FUNCTION test_refuse()");
        }
    }

    private static String patient(String mrn, String first, String last, String city) {
        return """
                {"clinic": "DBE", "mrn": "%s", "firstName": "%s", "lastName": "%s", "dateOfBirth": "1961-02-03",
                 "gender": "female", "contacts": [{"kind": "mobile", "phone": "(555) 314-1592", "primary": true}],
                 "addresses": [{"street": "9 Quietvalor Lane", "city": "%s", "country": "us"}]}"""
                .formatted(mrn, first, last, city);
    }

    @Test
    void uniqueCheckForeignKeyAndTriggerErrorsLeaveNoValueInTheLog() throws Exception {
        List<HttpResponse<String>> responses = new ArrayList<>();
        String captured = LogCapture.everything(() -> {
            HttpClient http = HttpClient.newHttpClient();
            String token = TestTokens.token(Roles.CLINICIAN, "DBE");
            try (Connection connection = owner.connection(); Statement s = connection.createStatement()) {
                s.execute("INSERT INTO test_city VALUES ('Fkokcity')");
            }
            for (String body : List.of(
                    patient("MRNVALOR-1", "Anna", "Uniqvalorbeta", "Fkokcity"),
                    patient("MRNVALOR-2", "Berta", "Uniqvalorbeta", "Fkokcity"),       // unique
                    patient("MRNVALOR-3", "Checkvalorgamma", "Jones", "Fkokcity"),     // check
                    patient("MRNVALOR-4", "Carla", "Smith", "Fkvalordelta"),           // foreign key
                    patient("MRNVALOR-5", "Dora", "Triggervalorepsilon", "Fkokcity"))) { // trigger
                responses.add(http.send(HttpRequest.newBuilder(URI.create(server.getURL() + "/api/v1/patients"))
                        .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString()));
            }
        });

        assertThat(responses.stream().map(HttpResponse::statusCode)).containsExactly(201, 409, 409, 409, 500);
        for (HttpResponse<String> response : responses.subList(1, responses.size())) {
            assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            assertThat(response.body().toLowerCase()).doesNotContain("valor", "1961", "sqlstate", "exception");
        }
        assertThat(captured.toLowerCase())
                .doesNotContain("uniqvalorbeta", "checkvalorgamma", "fkvalordelta", "triggervalorepsilon", "valor",
                        "1961-02-03", "berta", "carla", "dora", "314-1592");
        assertThat(captured).as("the handlers logged the failure by class and SQLState").contains("sqlstate=P0001");
    }
}
