package com.patientsearch.app.apidocs;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.ValidationReport;
import com.patientsearch.app.security.Roles;
import com.patientsearch.app.security.TestTokens;
import com.patientsearch.persistence.datasource.OwnerDatabase;
import com.patientsearch.persistence.testing.TestPostgres;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The generated OpenAPI document against what the running server really answers: every exchange below (search,
 * record, writes, appointments, admin, imports, errors) is validated with swagger-request-validator against the
 * document the server serves at /openapi.yml. A status, body shape, parameter or content type the document does not
 * describe fails the test, so the document cannot drift from the code.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OpenApiContractTest implements TestPropertyProvider {

    @Inject
    EmbeddedServer server;
    @Inject
    OwnerDatabase owner;

    private final HttpClient http = HttpClient.newHttpClient();
    private OpenApiInteractionValidator validator;
    private final List<String> problems = new ArrayList<>();

    @Override
    public Map<String, String> getProperties() {
        return TestPostgres.get().micronautProperties("openapi_contract");
    }

    @BeforeAll
    void setUp() throws Exception {
        HttpResponse<String> document = send("GET", "/openapi.yml", null, null, null);
        assertThat(document.statusCode()).isEqualTo(200);
        assertThat(document.body()).startsWith("openapi: 3.1.0");
        validator = OpenApiInteractionValidator.createForInlineApiSpecification(asOpenApi30(document.body())).build();
        try (Connection connection = owner.connection(); Statement s = connection.createStatement()) {
            s.execute("INSERT INTO clinic (code, name, time_zone) VALUES ('EAST', 'East', 'America/New_York')");
            s.execute("""
                    INSERT INTO patient (clinic_id, mrn, first_name, middle_name, last_name, date_of_birth, gender)
                    SELECT c.id, v.mrn, v.first, v.middle, v.last, v.dob::date, v.gender
                    FROM clinic c, (VALUES ('E-1', 'José', NULL, 'García', '1980-01-02', 'male'),
                                           ('E-2', 'Josefina', 'Ana', 'Garcia', '1991-03-04', 'female'),
                                           ('E-3', 'Dup', NULL, 'Garcia', '1991-03-04', 'female')) AS v(mrn, first, middle, last, dob, gender)
                    WHERE c.code = 'EAST'""");
            s.execute("""
                    INSERT INTO contact_info (patient_id, kind, phone, email, is_primary)
                    SELECT id, 'mobile', '(555) 010-0001', 'jose@example.com', true FROM patient WHERE mrn = 'E-1'""");
            s.execute("INSERT INTO provider (clinic_id, first_name, last_name) SELECT id, 'Greg', 'House' FROM clinic WHERE code = 'EAST'");
            s.execute("""
                    INSERT INTO appointment (patient_id, provider_id, clinic_id, starts_at, ends_at, status, reason)
                    SELECT p.id, pr.id, p.clinic_id, TIMESTAMPTZ '2026-11-23 09:00-05', TIMESTAMPTZ '2026-11-23 09:30-05', 'scheduled', 'check-up'
                    FROM patient p JOIN provider pr ON pr.clinic_id = p.clinic_id WHERE p.mrn = 'E-1'""");
        }
    }

    @Test
    void everyExchangeMatchesTheDocument() throws Exception {
        String desk = TestTokens.token(Roles.FRONT_DESK, "EAST");
        String clinician = TestTokens.token(Roles.CLINICIAN, "EAST");
        String ops = TestTokens.token(Roles.OPS);
        long jose = id("E-1");

        // search: hits, a next page, phone, empty, errors
        HttpResponse<String> first = exchange("GET", "/api/v1/patients/search?q=garcia&limit=1", desk, null, null, 200);
        String cursor = field(first.body(), "nextCursor");
        exchange("GET", "/api/v1/patients/search?q=garcia&limit=1&cursor=" + cursor, desk, null, null, 200);
        exchange("GET", "/api/v1/patients/search?phone=555-010-0001&sort=name", desk, null, null, 200);
        exchange("GET", "/api/v1/patients/search?q=zzyzx", desk, null, null, 200);
        exchange("GET", "/api/v1/patients/search?q=garcia&clinic=NOPE", desk, null, null, 400);
        exchangeInvalidRequest("GET", "/api/v1/patients/search?q=garcia&limit=500", desk, 400);
        exchangeInvalidRequest("GET", "/api/v1/patients/search?q=garcia", null, 401);
        exchange("GET", "/api/v1/patients/search?q=garcia", ops, null, null, 403);

        // record
        exchange("GET", "/api/v1/patients/" + jose, desk, null, null, 200);
        exchange("GET", "/api/v1/patients/999999", desk, null, null, 404);

        // writes
        HttpResponse<String> created = exchange("POST", "/api/v1/patients", clinician, "application/json", """
                {"clinic": "EAST", "mrn": "NEW-1", "firstName": "Zoë", "lastName": "Lefèvre", "dateOfBirth": "1990-05-17",
                 "gender": "female", "contacts": [{"kind": "mobile", "phone": "(555) 010-7788", "primary": true}],
                 "addresses": [{"street": "1 Main St", "city": "Springfield", "state": "IL", "postalCode": "62701", "country": "US"}]}""", 201);
        String createdId = field(created.body(), "id");
        String update = """
                {"clinic": "EAST", "mrn": "NEW-1", "firstName": "Zoe", "lastName": "Lefèvre", "dateOfBirth": "1990-05-17",
                 "gender": "female", "version": %d}""";
        exchange("PUT", "/api/v1/patients/" + createdId, clinician, "application/json", update.formatted(0), 200);
        exchange("PUT", "/api/v1/patients/" + createdId, clinician, "application/json", update.formatted(0), 409);
        exchange("POST", "/api/v1/patients", clinician, "application/json", """
                {"clinic": "EAST", "mrn": "NEW-2", "firstName": "Zoë", "lastName": "Lefèvre", "dateOfBirth": "31/12/1990", "gender": "female"}""", 400);
        exchange("POST", "/api/v1/patients/" + id("E-3") + "/merge", clinician, "application/json",
                "{\"survivorId\": " + id("E-2") + ", \"version\": 0}", 200);
        exchange("POST", "/api/v1/patients", desk, "application/json", "{\"clinic\": \"EAST\"}", 403);

        // appointments
        exchange("GET", "/api/v1/appointments/search?patient=" + jose, desk, null, null, 200);
        exchange("GET", "/api/v1/appointments/search?provider=" + providerId() + "&date=2026-11-23", desk, null, null, 200);
        exchange("GET", "/api/v1/appointments/search?clinic=EAST&from=2026-11-23&to=2026-11-30&status=scheduled,confirmed", desk, null, null, 200);
        exchange("GET", "/api/v1/appointments/search?patient=" + jose + "&from=2026-11-01&to=2026-11-30", desk, null, null, 200);
        exchange("GET", "/api/v1/appointments/search?provider=" + providerId() + "&from=2026-11-01&to=2026-11-30", desk, null, null, 200);
        exchange("GET", "/api/v1/appointments/search?provider=1", desk, null, null, 400);

        // admin and imports
        exchange("GET", "/api/v1/admin/audit?action=search&limit=5", ops, null, null, 200);
        exchange("GET", "/api/v1/admin/db/pool", ops, null, null, 200);
        exchange("GET", "/api/v1/admin/db/slow-queries?limit=5", ops, null, null, 200);
        exchange("GET", "/api/v1/admin/cache", ops, null, null, 200);
        for (String admin : List.of("statements?order=calls&limit=5", "plans?limit=5", "indexes", "tables", "sessions",
                "maintenance", "trends?families=2&points=4")) {
            exchange("GET", "/api/v1/admin/db/" + admin, ops, null, null, 200);
        }
        exchangeInvalidRequest("GET", "/api/v1/admin/audit?limit=0", ops, 400);
        exchangeInvalidRequest("GET", "/api/v1/admin/db/slow-queries?limit=201", ops, 400);
        exchangeInvalidRequest("GET", "/api/v1/admin/db/statements?order=slowest", ops, 400);
        exchange("GET", "/metrics", ops, null, null, 200);
        exchange("GET", "/admin", null, null, null, 200);
        exchange("GET", "/api/v1/admin/db/pool", desk, null, null, 403);
        exchange("POST", "/api/v1/imports/patients", TestTokens.token(Roles.IMPORTER, "EAST"), "text/csv",
                "clinic_code,mrn,first_name,last_name,date_of_birth,gender\nEAST,IMP-1,Ana,Lopez,1970-01-01,female\nEAST,IMP-2,Bad,Date,1970-13-01,female\n", 200);

        // FHIR (documented as FHIR JSON objects)
        exchange("GET", "/fhir/r4/metadata", null, null, null, 200);
        exchange("GET", "/fhir/r4/Patient/" + jose, desk, null, null, 200);
        exchange("GET", "/fhir/r4/Patient/999999", desk, null, null, 404);
        HttpResponse<String> firstPage = exchange("GET", "/fhir/r4/Patient?name=garc&birthdate=ge1980&_count=1", desk, null, null, 200);
        Matcher next = Pattern.compile("\"relation\":\"next\",\"url\":\"[^\"]*(/fhir/r4/Patient\\?[^\"]+)\"").matcher(firstPage.body());
        assertThat(next.find()).as(firstPage.body()).isTrue();
        assertThat(next.group(1)).contains("_cursor=");
        exchange("GET", next.group(1), desk, null, null, 200);
        // every name modifier, a repeated date and the other parameters at once: each is in the document, and José matches all
        HttpResponse<String> many = exchange("GET", "/fhir/r4/Patient?name=gar&name:exact=Jos%C3%A9&name:contains=garc&name:nickname=jose"
                + "&family=garc&family:exact=Garc%C3%ADa&family:contains=arc&given=jo&given:exact=Jos%C3%A9&given:contains=os&given:nickname=jose"
                + "&birthdate=ge1980&birthdate=lt1980-06&gender=male&identifier=E-1&phone=555-010-0001&email=jose@example.com"
                + "&telecom=email%7Cjose@example.com&active=true&_sort=family&_total=accurate&_count=5", desk, null, null, 200);
        assertThat(many.body()).contains("\"id\":\"" + jose + "\"").contains("\"total\":1");
        exchange("GET", "/fhir/r4/Patient?family=lef&address=main&address-city=spring&address-postalcode=627&_sort=-_lastUpdated",
                desk, null, null, 200);
        HttpResponse<String> found = exchange("GET", "/fhir/r4/Patient?_content=jose%20garcia&gender=male&_count=5", desk, null, null, 200);
        assertThat(found.body()).contains("\"id\":\"" + jose + "\"");
        assertThat(exchange("GET", "/fhir/r4/Patient?_id=" + jose, desk, null, null, 200).body()).contains("\"id\":\"" + jose + "\"");
        exchange("GET", "/fhir/r4/Patient?birthdate=1980-13", desk, null, null, 400);
        HttpResponse<String> appointments = exchange("GET", "/fhir/r4/Appointment?patient=Patient/" + jose + "&date=2026-11-23",
                desk, null, null, 200);
        exchange("GET", "/fhir/r4/Appointment?practitioner=Practitioner/" + providerId() + "&date=ge2026-11-01&date=le2026-11-30",
                desk, null, null, 200);
        exchange("GET", "/fhir/r4/Appointment?actor=Patient/" + jose + "&status=booked,checked-in&status=booked&_count=5&_total=none",
                desk, null, null, 200);
        exchange("GET", "/fhir/r4/Appointment/" + field(appointments.body(), "id"), desk, null, null, 200);

        // open: /health (the status alone without an ops token), its probes, this document and its viewer
        HttpResponse<String> health = exchange("GET", "/health", null, null, null, 200);
        String statusAlone = "{\"name\":null,\"status\":\"UP\",\"details\":null}";
        assertThat(health.body()).isEqualTo(statusAlone);
        assertThat(exchange("GET", "/health", desk, null, null, 200).body()).isEqualTo(statusAlone);
        assertThat(exchange("GET", "/health", ops, null, null, 200).body()).contains("\"details\":{\"");
        exchange("GET", "/health/liveness", null, null, null, 200);
        exchange("GET", "/health/readiness", null, null, null, 200);
        exchange("GET", "/openapi.yml", null, null, null, 200);
        exchange("GET", "/docs", null, null, null, 200);

        assertThat(problems).isEmpty();
    }

    /**
     * The validator does not object to a query parameter the document leaves out, so the FHIR searches' parameters are
     * compared with what the CapabilityStatement announces: every announced name (and each :modifier its documentation
     * names) is in the document, and the document describes nothing more, besides the next link's cursor.
     */
    @Test
    void fhirSearchParametersMatchTheCapabilityStatement() throws Exception {
        JsonNode document = new YAMLMapper().readTree(send("GET", "/openapi.yml", null, null, null).body());
        JsonNode metadata = new ObjectMapper().readTree(send("GET", "/fhir/r4/metadata", null, null, null).body());
        for (JsonNode resource : metadata.path("rest").get(0).path("resource")) {
            String type = resource.path("type").asText();
            Set<String> announced = new TreeSet<>();
            announced.add("_cursor");
            for (JsonNode param : resource.path("searchParam")) {
                String name = param.path("name").asText();
                announced.add(name);
                Matcher modifier = Pattern.compile("(?<![\\w-]):([a-z]+)").matcher(param.path("documentation").asText());
                while (modifier.find()) {
                    announced.add(name + ":" + modifier.group(1));
                }
            }
            Set<String> documented = new TreeSet<>();
            document.path("paths").path("/fhir/r4/" + type).path("get").path("parameters")
                    .forEach(p -> documented.add(p.path("name").asText()));
            assertThat(documented).as(type).isEqualTo(announced);
        }
    }

    /**
     * swagger-request-validator reads OpenAPI 3.0: it finds the paths of a 3.1 document but takes a schema whose type
     * is a list (3.1's {@code ["string", "null"]}) for JSON and fails on every query value. The served 3.1 document is
     * translated the way 3.0 says the same thing: {@code type: string, nullable: true}. Any other member of the list
     * (micronaut-openapi adds "object" to nullable strings) is dropped, so the check is stricter than the document.
     */
    static String asOpenApi30(String yaml) throws IOException {
        YAMLMapper mapper = new YAMLMapper();
        JsonNode root = mapper.readTree(yaml);
        ((ObjectNode) root).put("openapi", "3.0.3");
        downgradeTypes(root);
        return mapper.writeValueAsString(root);
    }

    private static void downgradeTypes(JsonNode node) {
        if (node instanceof ObjectNode object) {
            JsonNode type = object.get("type");
            if (type instanceof ArrayNode types) {
                List<String> kept = new ArrayList<>();
                types.forEach(t -> kept.add(t.asText()));
                boolean nullable = kept.remove("null");
                if (kept.size() > 1) {
                    kept.remove("object");
                }
                object.put("type", kept.get(0));
                if (nullable) {
                    object.put("nullable", true);
                }
            }
            object.properties().forEach(e -> downgradeTypes(e.getValue()));
        } else if (node instanceof ArrayNode array) {
            array.forEach(OpenApiContractTest::downgradeTypes);
        }
    }

    /** Sends the request and validates request and response against the document. */
    private HttpResponse<String> exchange(String method, String pathAndQuery, String token, String contentType, String body,
                                          int expectedStatus) throws Exception {
        HttpResponse<String> response = send(method, pathAndQuery, token, contentType, body);
        assertThat(response.statusCode()).as(method + " " + pathAndQuery + ": " + response.body()).isEqualTo(expectedStatus);
        ValidationReport report = validator.validate(request(method, pathAndQuery, token, contentType, body), response(response));
        if (report.hasErrors()) {
            problems.add(method + " " + pathAndQuery + " -> " + response.statusCode() + ": " + report.getMessages());
        }
        return response;
    }

    /** A request the document itself rules out (past a limit, no token): only the answer is validated. */
    private void exchangeInvalidRequest(String method, String pathAndQuery, String token, int expectedStatus) throws Exception {
        HttpResponse<String> response = send(method, pathAndQuery, token, null, null);
        assertThat(response.statusCode()).as(method + " " + pathAndQuery).isEqualTo(expectedStatus);
        String path = pathAndQuery.contains("?") ? pathAndQuery.substring(0, pathAndQuery.indexOf('?')) : pathAndQuery;
        ValidationReport report = validator.validateResponse(path, Request.Method.valueOf(method), response(response));
        if (report.hasErrors()) {
            problems.add(method + " " + pathAndQuery + " -> " + response.statusCode() + ": " + report.getMessages());
        }
    }

    private HttpResponse<String> send(String method, String pathAndQuery, String token, String contentType, String body)
            throws IOException, InterruptedException {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(server.getURL() + pathAndQuery))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        if (contentType != null) {
            builder.header("Content-Type", contentType);
        }
        return http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static Request request(String method, String pathAndQuery, String token, String contentType, String body) {
        String path = pathAndQuery;
        SimpleRequest.Builder builder;
        int q = pathAndQuery.indexOf('?');
        if (q >= 0) {
            path = pathAndQuery.substring(0, q);
        }
        builder = new SimpleRequest.Builder(method, path);
        if (q >= 0) {
            for (String pair : pathAndQuery.substring(q + 1).split("&")) {
                String[] kv = pair.split("=", 2);
                builder.withQueryParam(kv[0], URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
            }
        }
        if (token != null) {
            builder.withAuthorization("Bearer " + token);
        }
        if (contentType != null) {
            builder.withContentType(contentType);
        }
        if (body != null) {
            builder.withBody(body);
        }
        return builder.build();
    }

    private static SimpleResponse response(HttpResponse<String> response) {
        SimpleResponse.Builder builder = SimpleResponse.Builder.status(response.statusCode()).withBody(response.body());
        response.headers().map().forEach((name, values) -> builder.withHeader(name, values));
        return builder.build();
    }

    private static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\":\"?([^\",}]+)").matcher(json);
        assertThat(m.find()).as(name + " in " + json).isTrue();
        return m.group(1);
    }

    private long id(String mrn) throws Exception {
        try (Connection connection = owner.connection(); Statement s = connection.createStatement();
             ResultSet rs = s.executeQuery("SELECT id FROM patient WHERE mrn = '" + mrn + "'")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private long providerId() throws Exception {
        try (Connection connection = owner.connection(); Statement s = connection.createStatement();
             ResultSet rs = s.executeQuery("SELECT id FROM provider")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
