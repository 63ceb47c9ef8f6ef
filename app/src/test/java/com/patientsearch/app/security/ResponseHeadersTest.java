package com.patientsearch.app.security;

import com.patientsearch.persistence.datasource.OwnerDatabase;
import com.patientsearch.persistence.testing.TestPostgres;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.env.Environment;
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
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every response says about itself: no-store and nosniff on all of them (errors too), no Server-Timing unless
 * enabled (and never in prod), /health details only for ops, a client's X-Request-Id only when it is safe.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ResponseHeadersTest implements TestPropertyProvider {

    @Inject
    EmbeddedServer server;
    @Inject
    OwnerDatabase owner;

    private final HttpClient http = HttpClient.newHttpClient();

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> properties = new HashMap<>(TestPostgres.get().micronautProperties("response_headers"));
        properties.put("monitoring.server-timing.enabled", "false");
        return properties;
    }

    @BeforeAll
    void fixtures() throws Exception {
        try (Connection connection = owner.connection(); Statement s = connection.createStatement()) {
            s.execute("INSERT INTO clinic (code, name, time_zone) VALUES ('HDR', 'Headers', 'UTC')");
            s.execute("""
                    INSERT INTO patient (clinic_id, mrn, first_name, last_name, date_of_birth, gender)
                    SELECT id, 'H-1', 'Ada', 'Lovelace', date '1980-12-10', 'female' FROM clinic""");
        }
    }

    private HttpResponse<String> get(String path, String token, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.getURL() + path));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (headers.length > 0) {
            request.headers(headers);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void everyResponseIsNoStoreAndNosniffErrorsIncluded() throws Exception {
        String token = TestTokens.token(Roles.FRONT_DESK, "HDR");
        Map<String, Integer> expected = Map.of(
                "/api/v1/patients/search?q=lovelace", 200,
                "/api/v1/patients/search?q=lovelace&limit=5000", 400,
                "/api/v1/patients/999999", 404,
                "/api/v1/appointments/search?patient=1", 200,
                "/health", 200,
                "/no/such/path", 404,
                "/fhir/r4/Patient?name=lovelace", 200,
                "/fhir/r4/Patient/999999", 404);
        for (Map.Entry<String, Integer> call : expected.entrySet()) {
            HttpResponse<String> response = get(call.getKey(), token);
            assertThat(response.statusCode()).as(call.getKey()).isEqualTo(call.getValue());
            assertThat(response.headers().firstValue("Cache-Control")).as(call.getKey()).hasValue("no-store");
            assertThat(response.headers().firstValue("X-Content-Type-Options")).as(call.getKey()).hasValue("nosniff");
        }
        HttpResponse<String> unauthenticated = get("/api/v1/patients/search?q=lovelace", null);
        assertThat(unauthenticated.statusCode()).isEqualTo(401);
        assertThat(unauthenticated.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(unauthenticated.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
    }

    @Test
    void serverTimingOnlyWhenEnabledAndOffInProd() throws Exception {
        HttpResponse<String> response = get("/api/v1/patients/search?q=lovelace", TestTokens.token(Roles.FRONT_DESK, "HDR"));
        assertThat(response.body()).contains("Lovelace");
        assertThat(response.headers().firstValue("Server-Timing")).isEmpty();

        try (ApplicationContext context = ApplicationContext.builder().environments("prod").deduceEnvironment(false).build()) {
            Environment prod = context.getEnvironment().start();
            assertThat(prod.getProperty("monitoring.server-timing.enabled", Boolean.class)).hasValue(false);
        }
    }

    @Test
    void healthDetailsOnlyForAnOpsToken() throws Exception {
        for (String token : new String[] {null, TestTokens.token(Roles.CLINICIAN, "HDR"), TestTokens.token(Roles.IMPORTER, "HDR")}) {
            HttpResponse<String> open = get("/health", token);
            assertThat(open.statusCode()).isEqualTo(200);
            assertThat(open.body()).contains("\"status\":\"UP\"", "\"details\":null")
                    .doesNotContain("jdbc", "connectionPool", "database", "postgres", "diskSpace");
        }
        HttpResponse<String> ops = get("/health", TestTokens.token(Roles.OPS));
        assertThat(ops.statusCode()).isEqualTo(200);
        assertThat(ops.body()).contains("\"details\"", "connectionPool");
    }

    @Test
    void aClientRequestIdIsKeptOnlyWhenItIsShortAndPlain() throws Exception {
        String token = TestTokens.token(Roles.FRONT_DESK, "HDR");
        String path = "/api/v1/patients/search?q=lovelace";
        assertThat(get(path, token, "X-Request-Id", "gw-1.a_b").headers().firstValue("X-Request-Id")).hasValue("gw-1.a_b");
        for (String unsafe : new String[] {"a".repeat(65), "id with space", "id;drop", "ïd", "%0d%0aSet-Cookie:x"}) {
            assertThat(get(path, token, "X-Request-Id", unsafe).headers().firstValue("X-Request-Id")).as(unsafe)
                    .hasValueSatisfying(id -> assertThat(id).matches("[0-9a-f-]{36}"));
        }
    }
}
