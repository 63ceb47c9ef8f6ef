package com.patientsearch.app.security;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import com.patientsearch.persistence.datasource.OwnerDatabase;
import com.patientsearch.persistence.testing.TestPostgres;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * No patient data in logs at any level: under the shipped logback.xml with every logger at DEBUG (ours at TRACE,
 * org.hibernate.SQL at DEBUG, the slow-query alert firing on every statement), searching for a patient by name, phone and email and reading the
 * record leaves neither name, phone nor email in the captured output. A JDK client sends the requests: the test's
 * own HTTP client is not the service, and Micronaut's client logs the URIs it sends at DEBUG.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NoPatientDataInLogsTest implements TestPropertyProvider {

    private static final String FIRST = "Quillonia";
    private static final String LAST = "Zephyrinova";
    private static final String PHONE = "(555) 987-6543";
    private static final String EMAIL = "quillonia.z@example.org";

    @Inject
    EmbeddedServer server;
    @Inject
    OwnerDatabase owner;

    private long patientId;

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> properties = new HashMap<>(TestPostgres.get().micronautProperties("no_patient_logs"));
        // Every statement is "slow": the alert path (and its SQL capture) runs for each one.
        properties.put("monitoring.slow-query.threshold", "0ms");
        return properties;
    }

    @BeforeAll
    void fixtures() throws Exception {
        try (Connection connection = owner.connection(); Statement s = connection.createStatement()) {
            s.execute("INSERT INTO clinic (code, name, time_zone) VALUES ('LOG', 'Logs', 'UTC')");
            try (ResultSet rs = s.executeQuery("""
                    INSERT INTO patient (clinic_id, mrn, first_name, last_name, date_of_birth, gender)
                    SELECT id, 'LOG-77', '%s', '%s', date '1977-07-17', 'female' FROM clinic RETURNING id""".formatted(FIRST, LAST))) {
                rs.next();
                patientId = rs.getLong(1);
            }
            s.execute("INSERT INTO contact_info (patient_id, kind, phone, email, is_primary) VALUES (%d, 'mobile', '%s', '%s', true)"
                    .formatted(patientId, PHONE, EMAIL));
        }
    }

    @Test
    void searchingAndReadingLogNoNamePhoneOrEmail() throws Exception {
        String captured = capturingEverything(() -> {
            HttpClient http = HttpClient.newHttpClient();
            String token = TestTokens.token(Roles.FRONT_DESK, "LOG");
            for (String pathAndQuery : List.of(
                    "/api/v1/patients/search?q=" + FIRST.toLowerCase() + "+" + LAST.toLowerCase(),
                    "/api/v1/patients/search?q=" + FIRST.substring(0, 5) + "+" + LAST.substring(0, 6),
                    "/api/v1/patients/search?phone=555-987-6543",
                    "/api/v1/patients/search?email=" + EMAIL,
                    "/api/v1/patients/search?mrn=LOG-77",
                    "/api/v1/patients/" + patientId)) {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(server.getURL() + pathAndQuery))
                        .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(response.statusCode()).as(pathAndQuery).isEqualTo(200);
                assertThat(response.body()).as("the search must find the patient, or the test proves nothing").contains(LAST);
            }
        });

        assertThat(captured).as("the capture works at DEBUG").contains("DEBUG").contains("org.hibernate.SQL");
        assertThat(captured.toLowerCase())
                .doesNotContain(FIRST.toLowerCase(), LAST.toLowerCase(), "quill", "zephyr")
                .doesNotContain("987-6543", "9876543", EMAIL.toLowerCase(), "1977-07-17", "log-77");
    }

    /**
     * Runs {@code action} under the shipped logback.xml (not logback-test.xml) with root at DEBUG, com.patientsearch
     * at TRACE and org.hibernate.SQL at DEBUG, every event written to a buffer; then restores the test configuration.
     */
    private static String capturingEverything(ThrowingRunnable action) throws Exception {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        configure(context, "/logback.xml");
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        try {
            PatternLayoutEncoder encoder = new PatternLayoutEncoder();
            encoder.setContext(context);
            encoder.setPattern("%level %logger - %msg %mdc%n%ex");
            encoder.start();
            OutputStreamAppender<ILoggingEvent> appender = new OutputStreamAppender<>();
            appender.setContext(context);
            appender.setEncoder(encoder);
            appender.setOutputStream(buffer);
            appender.start();
            Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
            root.addAppender(appender);
            root.setLevel(Level.DEBUG);
            context.getLogger("com.patientsearch").setLevel(Level.TRACE);
            context.getLogger("org.hibernate.SQL").setLevel(Level.DEBUG);
            action.run();
            awaitQuiet(buffer); // statements logged after the response: slow-query plan captures, audit batches
        } finally {
            configure(context, "/logback-test.xml");
        }
        return buffer.toString(StandardCharsets.UTF_8);
    }

    /** Waits until nothing more has been logged for three polls in a row (the background writers are done). */
    private static void awaitQuiet(ByteArrayOutputStream buffer) {
        int[] quietPolls = {0};
        int[] lastSize = {-1};
        Awaitility.await("the log falls quiet").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
                .until(() -> {
                    int size = buffer.size();
                    quietPolls[0] = size == lastSize[0] ? quietPolls[0] + 1 : 0;
                    lastSize[0] = size;
                    return quietPolls[0] >= 3;
                });
    }

    private static void configure(LoggerContext context, String resource) throws Exception {
        URL config = NoPatientDataInLogsTest.class.getResource(resource);
        assertThat(config).as(resource).isNotNull();
        context.reset();
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        configurator.doConfigure(config);
    }

    @FunctionalInterface
    private interface ThrowingRunnable {
        void run() throws Exception;
    }
}
