package com.patientsearch.app.importer;

import com.patientsearch.app.security.Roles;
import com.patientsearch.app.security.TestTokens;
import com.patientsearch.persistence.datasource.OwnerDatabase;
import com.patientsearch.persistence.audit.AuditTrail;
import com.patientsearch.persistence.scope.CallerScope;
import com.patientsearch.persistence.testing.TestPostgres;
import io.agroal.api.AgroalDataSource;
import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import javax.sql.DataSource;
import java.io.ByteArrayInputStream;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code POST /api/v1/imports/patients}: good rows kept, bad ones reported by line, foreign clinics refused, audited. */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PatientImportApiTest implements TestPropertyProvider {

    /** An importer of both fixture clinics (ZZZ stays unknown). */
    private static final String IMPORTER_TOKEN = TestTokens.token(Roles.IMPORTER, "NORTH", "SOUTH");

    static final String HEADER = "clinic_code,mrn,first_name,last_name,date_of_birth,gender,phone\n";

    @Inject
    @Client("/")
    HttpClient client;
    @Inject
    EmbeddedServer server;
    @Inject
    DataSource dataSource;
    @Inject
    OwnerDatabase owner;
    @Inject
    AuditTrail audit;
    @Inject
    PatientImporter importer;

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> properties = new HashMap<>(TestPostgres.get().micronautProperties("import_api"));
        // small limits, so the test sends small bodies
        properties.put("micronaut.server.max-request-size", "1MB");
        properties.put("micronaut.server.max-request-buffer-size", "128KB");
        return properties;
    }

    @BeforeAll
    void clinics() throws SQLException {
        execute("INSERT INTO clinic (code, name, time_zone) VALUES ('NORTH', 'North', 'America/New_York'), "
                + "('SOUTH', 'South', 'America/Chicago')");
    }

    @Serdeable
    record Item(long line, String field, String reason) {
    }

    @Serdeable
    record Result(long read, long inserted, long updated, long rejected, List<Item> rejections,
                  boolean rejectionsTruncated) {
    }

    Result post(String csv) {
        return client.toBlocking().retrieve(HttpRequest.POST("/api/v1/imports/patients", csv)
                .contentType(MediaType.of("text/csv")).bearerAuth(IMPORTER_TOKEN), Result.class);
    }

    @Test
    @Order(1)
    void keepsGoodRowsReportsBadOnesByLineAndAuditsTheImport() throws Exception {
        Result result = post(HEADER
                + "NORTH,H001,Ana,García,1980-04-02,female,(555) 123-4567\n"
                + "NORTH,H002,Bea,Secretname,1980-02-30,female,\n"
                + "ZZZ,H003,Cy,Park,1970-01-01,male,\n"
                + "SOUTH,H004,Dan,Lee,1991-07-08,male,\n"
                + "SOUTH,H005,,Moe,1960-01-01,robot,\n");

        assertThat(result.read()).isEqualTo(5);
        assertThat(result.inserted()).isEqualTo(2);
        assertThat(result.updated()).isZero();
        assertThat(result.rejected()).isEqualTo(3);
        assertThat(result.rejections()).containsExactly(
                new Item(3, "date_of_birth", "not a date (expected YYYY-MM-DD)"),
                new Item(4, "clinic_code", "clinic ZZZ is not one of yours"),
                new Item(6, "first_name", "missing"),
                new Item(6, "gender", "expected one of female|male|other|unknown"));
        assertThat(result.rejectionsTruncated()).isFalse();
        assertThat(strings("SELECT mrn FROM patient ORDER BY mrn")).containsExactly("H001", "H004");

        audit.flush();
        assertThat(strings("SELECT action || '|' || endpoint || '|' || role || '|' || "
                + "(patient_ids = ARRAY(SELECT id FROM patient WHERE mrn IN ('H001', 'H004') ORDER BY mrn)) FROM audit_event"))
                .containsExactly("import|POST /api/v1/imports/patients|importer|true");
    }

    @Test
    @Order(2)
    void reimportUpdates() throws Exception {
        Result result = post(HEADER + "NORTH,H001,Ana,García-López,1980-04-02,female,\n");
        assertThat(result.inserted()).isZero();
        assertThat(result.updated()).isEqualTo(1);
        assertThat(strings("SELECT last_name FROM patient WHERE mrn = 'H001'")).containsExactly("García-López");
    }

    @Test
    @Order(3)
    void rowsOfClinicsThatAreNotTheCallersAreRefused() throws Exception {
        CallerScope northOnly = CallerScope.of("importer.n", "importer", Set.of("NORTH"), "req-7");
        List<Rejection> rejections = new ArrayList<>();
        ImportReport report = importer.importCsv(new ByteArrayInputStream((HEADER
                + "SOUTH,H010,Eve,Stone,1985-05-05,female,\n"
                + "NORTH,H011,Fay,Wood,1986-06-06,female,\n").getBytes(StandardCharsets.UTF_8)), -1, northOnly,
                ImportController.ENDPOINT, rejections::add, false);

        assertThat(report.inserted()).isEqualTo(1);
        assertThat(rejections).extracting(Rejection::toString)
                .containsExactly("line 2: clinic_code: clinic SOUTH is not one of yours");
        assertThat(strings("SELECT mrn FROM patient WHERE mrn IN ('H010', 'H011')")).containsExactly("H011");
        audit.flush();
        assertThat(strings("SELECT user_name || '|' || array_to_string(clinics, ',') || '|' || request_id || '|' || "
                + "cardinality(patient_ids) FROM audit_event WHERE user_name = 'importer.n'"))
                .containsExactly("importer.n|NORTH|req-7|1");
    }

    @Test
    @Order(4)
    void aBadHeaderIsA400OnTheBody() {
        HttpClientResponseException e = fail(HttpRequest.POST("/api/v1/imports/patients", "mrn,name\nX,Secretname\n")
                .contentType(MediaType.of("text/csv")).bearerAuth(IMPORTER_TOKEN));
        assertThat(e.getStatus().getCode()).isEqualTo(400);
        assertThat(e.getResponse().getContentType().map(Object::toString)).hasValue("application/problem+json");
        assertThat(e.getResponse().getBody(String.class).orElseThrow())
                .contains("\"field\":\"body\"").doesNotContain("Secretname");
    }

    @Test
    @Order(4)
    void aCsvWithoutItsHeaderRowIsNotEchoedInThe400() {
        for (String csv : List.of("NORTH,N-9,Headlessia,Rowlander,1970-03-04,female,5550001111\n",
                "NORTH,Headlessia,Headlessia\n")) { // the second: a "duplicate column name"
            HttpClientResponseException e = fail(HttpRequest.POST("/api/v1/imports/patients", csv)
                    .contentType(MediaType.of("text/csv")).bearerAuth(IMPORTER_TOKEN));
            assertThat(e.getStatus().getCode()).isEqualTo(400);
            assertThat(e.getResponse().getBody(String.class).orElseThrow()).contains("line 1")
                    .doesNotContain("Headlessia", "headlessia", "Rowlander", "rowlander", "1970", "5550001111", "n-9");
        }
    }

    @Test
    @Order(5)
    void aBodyPastTheImportLimitIsA413() throws Exception {
        String big = wide(4000, "NORTH", "B"); // ~1.3MB > 1MB
        HttpClientResponseException e = fail(HttpRequest.POST("/api/v1/imports/patients", big)
                .contentType(MediaType.of("text/csv")).bearerAuth(IMPORTER_TOKEN));
        assertThat(e.getStatus().getCode()).isEqualTo(413);
        assertThat(e.getResponse().getContentType().map(Object::toString)).hasValue("application/problem+json");
        String detail = "body: larger than the limit of 1048576 bytes";
        assertThat(e.getResponse().getBody(String.class).orElseThrow()).contains(detail);

        // without a Content-Length (chunked), the limit applies as the body streams in
        java.net.http.HttpResponse<String> chunked = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(server.getURI().resolve("/api/v1/imports/patients"))
                        .header("Content-Type", "text/csv")
                        .header("Authorization", "Bearer " + IMPORTER_TOKEN)
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofInputStream(
                                () -> new ByteArrayInputStream(big.getBytes(StandardCharsets.UTF_8))))
                        .build(), BodyHandlers.ofString());
        assertThat(chunked.statusCode()).isEqualTo(413);
        assertThat(chunked.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(chunked.body()).contains(detail);
    }

    @Test
    @Order(6)
    void aBodyWithinTheImportLimitIsAccepted() throws Exception {
        String csv = wide(1000, "SOUTH", "M"); // ~330KB: past the 128KB buffer limit, within the 1MB import limit
        assertThat(csv.length()).isBetween(300_000, 400_000);
        // the JDK client sends it as curl would; the server streams it to the parser as it arrives
        java.net.http.HttpResponse<String> response = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(server.getURI().resolve("/api/v1/imports/patients"))
                        .header("Content-Type", "text/csv")
                        .header("Authorization", "Bearer " + IMPORTER_TOKEN)
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofString(csv)).build(), BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"inserted\":1000", "\"rejected\":0");
        assertThat(strings("SELECT count(*) FROM patient WHERE mrn LIKE 'M%'")).containsExactly("1000");
    }

    /** Rows of about 330 bytes: long streets and cities. */
    static String wide(int rows, String clinic, String mrnPrefix) {
        StringBuilder csv = new StringBuilder("clinic_code,mrn,first_name,last_name,date_of_birth,street,city\n");
        String street = "s".repeat(200);
        String city = "c".repeat(90);
        for (int i = 0; i < rows; i++) {
            csv.append(clinic).append(',').append(mrnPrefix).append(i).append(",Wide,Row,1980-01-01,").append(street)
                    .append(',').append(city).append('\n');
        }
        return csv.toString();
    }

    @Test
    @Order(7)
    void jsonBodiesKeepTheBufferLimit() throws Exception {
        String json = "{\"clinic\": \"NORTH\", \"mrn\": \"J1\", \"firstName\": \"" + "x".repeat(200_000) + "\"}";
        java.net.http.HttpResponse<String> response = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(server.getURI().resolve("/api/v1/patients"))
                        .header("Content-Type", "application/json")
                        .header("Authorization", "Bearer " + TestTokens.token(Roles.CLINICIAN, "NORTH"))
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofString(json)).build(), BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(response.body()).doesNotContain("xxxx");
    }

    @Test
    @Order(8)
    void importsPastTheConcurrencyLimitAre429WithRetryAfter() throws Exception {
        java.net.http.HttpClient jdk = java.net.http.HttpClient.newHttpClient();
        List<java.util.concurrent.CompletableFuture<java.net.http.HttpResponse<String>>> running = new ArrayList<>();
        // imports.max-concurrent is 2: hold two imports inside their upsert behind the owner's table lock
        try (Connection lock = owner.connection(); Statement s = lock.createStatement()) {
            lock.setAutoCommit(false);
            s.execute("LOCK TABLE patient IN SHARE ROW EXCLUSIVE MODE");
            for (int i = 0; i < 2; i++) {
                running.add(jdk.sendAsync(importRequest(java.net.http.HttpRequest.BodyPublishers.ofString(
                        HEADER + "NORTH,CC-" + i + ",Cora,Busy,1970-01-01,female,\n")), BodyHandlers.ofString()));
            }
            Awaitility.await("two imports waiting on the lock").atMost(java.time.Duration.ofSeconds(60))
                    .pollInterval(java.time.Duration.ofMillis(50))
                    .until(() -> strings("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'"
                            + " AND usename = 'patient_search_app'"), count -> Integer.parseInt(count.get(0)) >= 2);
            java.net.http.HttpResponse<String> refused = jdk.send(importRequest(java.net.http.HttpRequest.BodyPublishers
                    .ofString(HEADER + "NORTH,CC-9,Cora,Busy,1970-01-01,female,\n")), BodyHandlers.ofString());
            assertThat(refused.statusCode()).as("a third import while two run").isEqualTo(429);
            assertThat(refused.headers().firstValue("Retry-After")).hasValue("30");
            assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            lock.rollback();
        }
        for (var upload : running) {
            assertThat(upload.get(60, java.util.concurrent.TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        }
    }

    private java.net.http.HttpRequest importRequest(java.net.http.HttpRequest.BodyPublisher body) {
        return java.net.http.HttpRequest.newBuilder(server.getURI().resolve("/api/v1/imports/patients"))
                .header("Content-Type", "text/csv").header("Authorization", "Bearer " + IMPORTER_TOKEN)
                .POST(body).build();
    }

    private HttpClientResponseException fail(HttpRequest<?> request) {
        try {
            HttpResponse<String> ok = client.toBlocking().exchange(request, Argument.of(String.class), Argument.of(String.class));
            throw new AssertionError("expected an error, got " + ok.getStatus());
        } catch (HttpClientResponseException e) {
            return e;
        }
    }

    private void execute(String sql) throws SQLException {
        try (Connection connection = owner.connection();
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private List<String> strings(String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection connection = owner.connection();
             Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }
}
