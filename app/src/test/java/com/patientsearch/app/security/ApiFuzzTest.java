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
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A seeded fuzz over every endpoint and parameter: random, over-long, unicode and control characters, SQL and JSON
 * fragments, huge numbers, malformed cursors, tokens and request ids. Whatever arrives: never a 5xx, every error is
 * problem+json without a stack trace and without the value sent, and the log holds nothing of the input. Every
 * generated text carries a marker, so "nothing of the input" is a plain search. {@code -Dfuzz.cases} and
 * {@code -Dfuzz.seed} change the run; a failure names the seed and the request.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApiFuzzTest implements TestPropertyProvider {

    private static final String MARK = "qzxfuzz";
    private static final long SEED = Long.getLong("fuzz.seed", 20261129L);
    private static final int CASES = Integer.getInteger("fuzz.cases", 2000);

    private static final Map<String, List<String>> GET_PARAMETERS = Map.of(
            "/api/v1/patients/search", List.of("clinic", "q", "dob", "phone", "email", "mrn", "gender", "status", "sort", "limit", "cursor"),
            "/api/v1/appointments/search", List.of("patient", "provider", "date", "clinic", "from", "to", "status", "limit", "cursor"),
            "/api/v1/admin/audit", List.of("patient", "user", "action", "from", "to", "limit", "cursor"));
    private static final List<String> BODY_FIELDS = List.of("clinic", "mrn", "firstName", "middleName", "lastName",
            "dateOfBirth", "gender", "status", "version", "survivorId", "contacts", "addresses");

    @Inject
    EmbeddedServer server;
    @Inject
    OwnerDatabase owner;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final Random random = new Random(SEED);

    @Override
    public Map<String, String> getProperties() {
        return TestPostgres.get().micronautProperties("api_fuzz");
    }

    @BeforeAll
    void fixtures() throws Exception {
        try (Connection connection = owner.connection(); Statement s = connection.createStatement()) {
            s.execute("INSERT INTO clinic (code, name, time_zone) VALUES ('FZ', 'Fuzz', 'UTC')");
            s.execute("INSERT INTO provider (clinic_id, first_name, last_name) SELECT id, 'Doc', 'Fuzz' FROM clinic");
            s.execute("""
                    INSERT INTO patient (clinic_id, mrn, first_name, last_name, date_of_birth, gender)
                    SELECT id, 'FZ-' || i, 'Ann' || i, 'Smith', date '1980-01-01' + i, 'female'
                    FROM clinic, generate_series(1, 30) i""");
        }
    }

    /** A value of one of the hostile kinds; all but bare numbers carry the marker. */
    private String value() {
        return switch (random.nextInt(14)) {
            case 0 -> MARK;
            case 1 -> MARK + "x".repeat(random.nextInt(5000));                           // over-long
            case 2 -> MARK + "' OR 1=1 --";                                               // SQL
            case 3 -> MARK + "\"; DROP TABLE patient; --";
            case 4 -> "{\"" + MARK + "\": [1, {\"a\": null}]}";                           // JSON
            case 5 -> MARK + "\u0000\u0001\u001f\u007f\t\r\n";                           // control characters
            case 6 -> MARK + "Zoë Ñandú 日本 😀 \u202e\u200b";                             // unicode, bidi, zero width
            case 7 -> random.nextBoolean() ? "99999999999999999999999999" : "-" + random.nextLong(); // huge numbers
            case 8 -> random.nextBoolean() ? "0" : String.valueOf(random.nextInt(100));
            case 9 -> MARK + "%00%ff%zz..%2f..";
            case 10 -> MARK + "." + MARK;                                                 // looks like a cursor or JWT
            case 11 -> "2026-13-45" + MARK;
            case 12 -> MARK + "@" + MARK + ".org";
            default -> MARK + " " + MARK.repeat(1 + random.nextInt(40)) + " smith";
        };
    }

    private String token() {
        return switch (random.nextInt(6)) {
            case 0 -> TestTokens.token(Roles.FRONT_DESK, "FZ");
            case 1 -> TestTokens.token(Roles.CLINICIAN, "FZ");
            case 2 -> TestTokens.token(Roles.OPS);
            case 3 -> TestTokens.token(Roles.IMPORTER, "FZ");
            case 4 -> MARK + "." + MARK + "." + MARK;
            default -> "eyJhbGciOiJub25lIn0." + MARK;
        };
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private HttpRequest request() {
        String base = server.getURL().toString();
        HttpRequest.Builder builder;
        int kind = random.nextInt(10);
        if (kind < 6) {
            List<String> paths = new ArrayList<>(GET_PARAMETERS.keySet());
            paths.sort(null);
            String path = paths.get(random.nextInt(paths.size()));
            List<String> names = GET_PARAMETERS.get(path);
            StringBuilder query = new StringBuilder();
            int n = 1 + random.nextInt(4);
            for (int i = 0; i < n; i++) {
                // an unknown name that is not a plain identifier (those are named back in the 400, as a name)
                String name = random.nextInt(12) == 0 ? MARK + "[" + random.nextInt(9) + "]" : names.get(random.nextInt(names.size()));
                query.append(i == 0 ? "?" : "&").append(encode(name)).append('=').append(encode(value()));
            }
            builder = HttpRequest.newBuilder(URI.create(base + path + query)).GET();
        } else if (kind == 6) {
            builder = HttpRequest.newBuilder(URI.create(base + "/api/v1/patients/" + encode(value()))).GET();
        } else if (kind == 7) {
            String target = switch (random.nextInt(3)) {
                case 0 -> "/api/v1/patients";
                case 1 -> "/api/v1/patients/" + encode(value());
                default -> "/api/v1/patients/" + encode(value()) + "/merge";
            };
            StringBuilder body = new StringBuilder("{");
            int n = random.nextInt(6);
            for (int i = 0; i < n; i++) {
                String field = BODY_FIELDS.get(random.nextInt(BODY_FIELDS.size()));
                body.append(i == 0 ? "" : ",").append('"').append(field).append("\":")
                        .append(random.nextBoolean() ? jsonString(value()) : value().replace("\u0000", ""));
            }
            String json = random.nextInt(5) == 0 ? value() : body.append('}').toString();
            builder = HttpRequest.newBuilder(URI.create(base + target))
                    .method(target.equals("/api/v1/patients") || target.endsWith("/merge") ? "POST" : "PUT",
                            HttpRequest.BodyPublishers.ofString(json))
                    .header("Content-Type", "application/json");
        } else {
            String csv = switch (random.nextInt(3)) {
                case 0 -> value() + "\n" + value() + "\n";
                case 1 -> "clinic_code,mrn,first_name,last_name,date_of_birth,email\n" + csvField() + "," + csvField() + ","
                        + csvField() + "," + csvField() + "," + csvField() + "," + csvField() + "\n";
                default -> "clinic_code,mrn,first_name,last_name,date_of_birth\nFZ," + csvField() + "\n";
            };
            builder = HttpRequest.newBuilder(URI.create(base + "/api/v1/imports/patients"))
                    .POST(HttpRequest.BodyPublishers.ofString(csv)).header("Content-Type", "text/csv");
        }
        if (random.nextInt(10) > 0) {
            builder.header("Authorization", "Bearer " + token());
        }
        if (random.nextInt(4) == 0) {
            builder.header("X-Request-Id", value().replaceAll("[\\x00-\\x1f\\x7f]", "").replaceAll("[^\\x20-\\x7e]", "?"));
        }
        return builder.timeout(Duration.ofSeconds(60)).build();
    }

    private String csvField() {
        String v = value().replace("\u0000", "");
        return random.nextBoolean() ? "\"" + v.replace("\"", "\"\"") + "\"" : v;
    }

    private static String jsonString(String value) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : value.toCharArray()) {
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20) {
                out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }

    @Test
    void nothingHostileGetsA5xxAStackTraceAnEchoOrALogLine() throws Exception {
        List<String> failures = new ArrayList<>();
        int[] statuses = new int[6];
        String verbose = LogCapture.everything(() -> run(CASES / 10, failures, statuses));
        String shipped = LogCapture.shipped(() -> run(CASES - CASES / 10, failures, statuses));
        assertThat(failures).as("seed " + SEED).isEmpty();
        assertThat(statuses[2] + statuses[4]).as("the fuzz reached the endpoints, 2xx and 4xx").isGreaterThan(CASES / 2);
        assertThat(statuses[4]).isPositive();
        assertThat(verbose.toLowerCase(Locale.ROOT)).as("the log under DEBUG").doesNotContain(MARK);
        assertThat(shipped.toLowerCase(Locale.ROOT)).as("the log as shipped").doesNotContain(MARK);
    }

    private void run(int cases, List<String> failures, int[] statuses) throws Exception {
        for (int i = 0; i < cases && failures.size() < 20; i++) {
            HttpRequest request = request();
            HttpResponse<String> response;
            try {
                response = http.send(request, HttpResponse.BodyHandlers.ofString());
            } catch (java.io.IOException stale) {
                // the JDK client can reuse a keep-alive connection the server just closed: once more, on a fresh one
                try {
                    response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
                } catch (java.io.IOException e) {
                    failures.add("no answer (" + e.getMessage() + "): " + request.method() + " "
                            + abbreviate(request.uri().toString()));
                    continue;
                }
            }
            int status = response.statusCode();
            statuses[status / 100]++;
            String body = response.body();
            String type = response.headers().firstValue("Content-Type").orElse("");
            String what = request.method() + " " + abbreviate(request.uri().toString()) + " -> " + status + " " + abbreviate(body);
            if (status >= 500) {
                failures.add("5xx: " + what);
            } else if (status >= 400 && !type.startsWith("application/problem+json")) {
                failures.add("not problem+json (" + type + "): " + what);
            } else if (status >= 400 && body.toLowerCase(Locale.ROOT).contains(MARK)) {
                failures.add("input echoed: " + what);
            } else if (body.contains("Exception") || body.contains("\tat ") || body.contains("at com.patientsearch")) {
                failures.add("stack trace or exception: " + what);
            }
        }
    }

    private static String abbreviate(String text) {
        return text.length() > 300 ? text.substring(0, 300) + "..." : text;
    }
}
