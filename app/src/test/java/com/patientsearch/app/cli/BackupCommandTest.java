package com.patientsearch.app.cli;

import io.micronaut.core.value.MapPropertyResolver;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.io.StringWriter;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The backup commands' contract outside the embedded database, and their argument checks (no database needed). */
class BackupCommandTest {

    @Test
    void everyCommandOnAnExternalDatabaseSaysTheBackupsAreTheOperatorsAndDoesNothing() {
        for (String[] args : new String[][]{{"create"}, {"list"}, {"verify"}, {"restore", "--latest"}}) {
            Run run = run(Map.of("datasources.default.url", "jdbc:postgresql://db.example:5432/patient_search"), args);
            assertThat(run.exit).as(String.join(" ", args)).isEqualTo(2);
            assertThat(run.err).contains("external", "operator's", "pgBackRest", "WAL-G", "nothing was done",
                    "docs/runbooks/restore-to-a-point-in-time.md");
            assertThat(run.out).isEmpty();
        }
    }

    @Test
    void restoreNeedsExactlyOneTargetAndAnIsoTime() {
        Run neither = run(Map.of(), "restore");
        assertThat(neither.exit).isEqualTo(2);
        assertThat(neither.err).contains("give exactly one of --to TIMESTAMP or --latest");

        Run both = run(Map.of(), "restore", "--latest", "--to", "2026-11-29T20:15:30Z");
        assertThat(both.exit).isEqualTo(2);

        Run local = run(Map.of(), "restore", "--to", "yesterday");
        assertThat(local.exit).isEqualTo(2);
        assertThat(local.err).contains("--to: an ISO-8601 time with an offset");
    }

    @Test
    void createOnADirectoryWithoutADatabaseSaysSo() throws Exception {
        Path empty = Files.createTempDirectory("patient-search-no-db");
        try {
            Run run = run(Map.of("embedded-postgres.data-directory", empty.toString(),
                    "backup.directory", empty.resolve("backups").toString()), "create");
            assertThat(run.exit).isEqualTo(1);
            assertThat(run.err).contains("backup refused: no database in " + empty + " yet");
        } finally {
            Files.deleteIfExists(empty);
        }
    }

    /** The entry Application.main uses: settings from the service's own configuration (here system properties). */
    @Test
    void theCommandReadsTheServicesConfiguration() throws Exception {
        Path backups = Files.createTempDirectory("patient-search-backup-cli");
        PrintStream stdout = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setProperty("backup.directory", backups.toString());
        try {
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            assertThat(BackupCommand.execute("list")).isZero();
        } finally {
            System.setOut(stdout);
            System.clearProperty("backup.directory");
            Files.deleteIfExists(backups);
        }
        assertThat(captured.toString(StandardCharsets.UTF_8)).contains("no backups in " + backups);
    }

    private record Run(int exit, String out, String err) {
    }

    private static Run run(Map<String, Object> settings, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine command = new CommandLine(BackupCommand.withSettings(new MapPropertyResolver(settings)))
                .setOut(new PrintWriter(out)).setErr(new PrintWriter(err));
        int exit = command.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }
}
