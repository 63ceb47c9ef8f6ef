package com.patientsearch.app.backup;

import com.patientsearch.app.cli.BackupCommand;
import com.patientsearch.app.security.TestTokens;
import com.patientsearch.app.testing.EmbeddedMode;
import com.patientsearch.persistence.backup.BackupInfo;
import com.patientsearch.persistence.backup.BackupProperties;
import com.patientsearch.persistence.backup.Backups;
import com.patientsearch.persistence.backup.EmbeddedBackups;
import com.patientsearch.persistence.datasource.OwnerDatabase;
import com.patientsearch.persistence.embedded.EmbeddedPostgresProperties;
import com.patientsearch.search.patient.PatientIndexConfigurer;
import io.micronaut.context.ApplicationContext;
import io.micronaut.core.type.Argument;
import io.micronaut.core.value.MapPropertyResolver;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.runtime.server.EmbeddedServer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Point-in-time recovery of the embedded database, on real PostgreSQL: rows written, a base backup, more rows, the
 * time noted, some rows deleted; the restore to the noted time brings back exactly the rows of that moment, and the
 * service starts on the restored data.
 */
class PointInTimeRecoveryTest {

    private EmbeddedMode embedded;
    private Path data;
    private Path archive;

    @BeforeEach
    void directories() throws IOException {
        Assumptions.assumeTrue(EmbeddedMode.available());
        embedded = EmbeddedMode.create("patient-search-pitr");
        data = embedded.data();
        archive = embedded.backups();
    }

    @AfterEach
    void cleanUp() throws IOException {
        if (embedded != null) {
            embedded.close();
        }
    }

    @Test
    void restoreToANotedTimeBringsBackExactlyItsRowsAndTheServiceStartsOnThem() throws Exception {
        BackupProperties backupProperties;
        EmbeddedPostgresProperties embeddedProperties;
        BackupInfo base;
        BackupInfo later;
        Instant noted;
        ApplicationContext context = ApplicationContext.run(properties());
        try {
            context.getBean(EmbeddedServer.class).start();
            backupProperties = context.getBean(BackupProperties.class);
            embeddedProperties = context.getBean(EmbeddedPostgresProperties.class);
            OwnerDatabase owner = context.getBean(OwnerDatabase.class);
            try (Connection connection = owner.connection(); Statement statement = connection.createStatement()) {
                statement.execute("INSERT INTO clinic (code, name, time_zone) VALUES ('PITR', 'Recovery clinic', 'UTC')");
                insertPatients(statement, "A1", "A2", "A3");
            }

            base = context.getBean(Backups.class).create();
            assertThat(base.rowCounts()).containsEntry("patient", 3L).containsEntry("clinic", 1L);

            try (Connection connection = owner.connection(); Statement statement = connection.createStatement()) {
                insertPatients(statement, "B1", "B2");
                try (ResultSet rs = statement.executeQuery("SELECT clock_timestamp()")) {
                    rs.next();
                    noted = rs.getTimestamp(1).toInstant();
                }
                statement.execute("DELETE FROM patient WHERE mrn IN ('A1', 'B1')");
                // WAL archiving works: a switched segment reaches the archive directory.
                String segment;
                try (ResultSet rs = statement.executeQuery("SELECT pg_walfile_name(pg_switch_wal())")) {
                    rs.next();
                    segment = rs.getString(1);
                }
                Awaitility.await("segment " + segment + " archived").atMost(Duration.ofSeconds(60))
                        .until(() -> Files.exists(archive.resolve("wal").resolve(segment)));
            }
            assertThat(mrns(owner)).containsExactly("A2", "A3", "B2");

            // The command line's path while the service runs: through the running server, found by its postmaster.pid.
            EmbeddedBackups whileRunning = new EmbeddedBackups(backupProperties, embeddedProperties);
            later = whileRunning.create();
            assertThat(later.rowCounts()).containsEntry("patient", 3L);
            assertThat(whileRunning.store().list()).extracting(BackupInfo::id).containsExactly(base.id(), later.id());
            Instant target = noted;
            assertThatThrownBy(() -> whileRunning.restore(Optional.of(target)))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("stop the service");
            assertThat(mrns(owner)).as("a refused restore leaves the data alone").containsExactly("A2", "A3", "B2");
        } finally {
            EmbeddedMode.stop(context); // the service stops: its database with it
        }

        EmbeddedBackups backups = new EmbeddedBackups(backupProperties, embeddedProperties);
        // The command line's path with the service stopped: a server started on the data directory for the backup.
        BackupInfo offline = backups.create();
        assertThat(offline.rowCounts()).containsEntry("patient", 3L);
        assertThat(data.resolve("postmaster.pid")).as("that server is stopped again").doesNotExist();

        EmbeddedBackups.Verification verification = backups.verify(base);
        assertThat(verification.problems()).isEmpty();
        assertThat(verification.rowCounts()).containsEntry("patient", 3L);
        assertThat(Files.list(archive).filter(p -> p.getFileName().toString().startsWith("verify-")))
                .as("the scratch restore is removed").isEmpty();

        // The restore through the command line, the service stopped. A patient index kept beside the data describes
        // the data before the restore (a rename is invisible to the count check at start): the command removes it.
        Path index = data.resolveSibling(data.getFileName() + "-index").resolve(PatientIndexConfigurer.INDEX);
        Files.createDirectories(index);
        Files.writeString(index.resolve("segments_1"), "an index of the data before the restore");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = new CommandLine(BackupCommand.withSettings(new MapPropertyResolver(properties())))
                .setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute("restore", "--to", noted.toString());
        assertThat(exit).as(err.toString()).isZero();
        assertThat(out.toString()).as("the newest backup finished before the noted time")
                .contains("restored from backup " + base.id() + " ").containsPattern("patient=5\\b")
                .contains("the previous data directory is kept at ")
                .contains("the patient index of the previous data was removed (" + index + ")");
        assertThat(index).doesNotExist();
        Matcher previous = Pattern.compile("the previous data directory is kept at (\\S+):").matcher(out.toString());
        assertThat(previous.find()).isTrue();
        assertThat(Path.of(previous.group(1))).exists();
        assertThat(data.resolve("recovery.signal")).doesNotExist();
        assertThat(Files.readString(data.resolve("postgresql.auto.conf"))).doesNotContain("recovery_target");

        ApplicationContext restoredService = ApplicationContext.run(properties());
        try {
            EmbeddedServer service = restoredService.getBean(EmbeddedServer.class).start();
            OwnerDatabase owner = restoredService.getBean(OwnerDatabase.class);
            assertThat(mrns(owner)).containsExactly("A1", "A2", "A3", "B1", "B2");

            try (HttpClient http = restoredService.createBean(HttpClient.class, service.getURL())) {
                long a1 = idOf(owner, "A1");
                Map<String, Object> record = http.toBlocking().retrieve(TestTokens.clinician(
                        HttpRequest.GET("/api/v1/patients/" + a1), "PITR"), Argument.mapOf(String.class, Object.class));
                assertThat(record).containsEntry("mrn", "A1");

                Map<String, Object> backup = health(http, "backup");
                assertThat(backup).containsEntry("status", "UP");
                @SuppressWarnings("unchecked")
                Map<String, Object> details = (Map<String, Object>) backup.get("details");
                assertThat(details).containsEntry("mode", "embedded").containsEntry("walArchiveFailing", false);
                assertThat((String) details.get("newest")).startsWith(offline.id());

                String metrics = http.toBlocking().retrieve(TestTokens.ops(HttpRequest.GET("/metrics")));
                assertThat(metrics).contains("backup_last_success_age_seconds ", "backup_wal_archive_failures_total ",
                        "backup_wal_archived_total ", "backup_wal_archive_failing ");
            }
        } finally {
            EmbeddedMode.stop(restoredService);
        }
    }

    private Map<String, Object> properties() {
        Map<String, Object> properties = embedded.properties();
        properties.put("monitoring.database.metrics-interval", "500ms");
        return properties;
    }

    private static void insertPatients(Statement statement, String... mrns) throws SQLException {
        for (String mrn : mrns) {
            statement.execute("""
                    INSERT INTO patient (clinic_id, mrn, first_name, last_name, date_of_birth, gender)
                    VALUES ((SELECT id FROM clinic WHERE code = 'PITR'), '%s', 'Ada', 'Recover', date '1980-01-02', 'unknown')"""
                    .formatted(mrn));
        }
    }

    private static Set<String> mrns(OwnerDatabase owner) throws SQLException {
        Set<String> mrns = new TreeSet<>();
        try (Connection connection = owner.connection(); Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT mrn FROM patient")) {
            while (rs.next()) {
                mrns.add(rs.getString(1));
            }
        }
        return mrns;
    }

    private static long idOf(OwnerDatabase owner, String mrn) throws SQLException {
        try (Connection connection = owner.connection();
             PreparedStatement statement = connection.prepareStatement("SELECT id FROM patient WHERE mrn = ?")) {
            statement.setString(1, mrn);
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> health(HttpClient http, String component) {
        Map<String, Object> body;
        try {
            body = http.toBlocking().retrieve(TestTokens.ops(HttpRequest.GET("/health")), Argument.mapOf(String.class, Object.class));
        } catch (HttpClientResponseException e) {
            body = e.getResponse().getBody(Argument.mapOf(String.class, Object.class)).orElseThrow();
        }
        return (Map<String, Object>) ((Map<String, Object>) body.get("details")).get(component);
    }

}
