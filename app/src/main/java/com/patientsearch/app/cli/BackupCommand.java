package com.patientsearch.app.cli;

import com.patientsearch.persistence.backup.BackupInfo;
import com.patientsearch.persistence.backup.BackupProperties;
import com.patientsearch.persistence.backup.EmbeddedBackups;
import com.patientsearch.persistence.embedded.EmbeddedPostgresProperties;
import com.patientsearch.search.patient.LuceneIndexCheck;
import com.patientsearch.search.patient.SearchEngineProperties;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.env.Environment;
import io.micronaut.core.value.PropertyResolver;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * {@code backup create|list|verify|restore}. Runs without the application context (Application.main routes it):
 * the service may be running on the data directory (create then backs up through it), or must not be (restore),
 * and neither may start the app's pool. Settings come from the same configuration as the service's.
 */
@Command(name = "backup", mixinStandardHelpOptions = true,
        description = "Base backups and point-in-time recovery of the embedded database (docs/runbooks/restore-to-a-point-in-time.md).")
public class BackupCommand implements Runnable {

    static final String EXTERNAL = """
            The database is external (datasources.default.url is set): its backups and point-in-time recovery are the \
            operator's, with pgBackRest, WAL-G or the provider's PITR. This command manages only the embedded database; \
            nothing was done. See docs/runbooks/restore-to-a-point-in-time.md.""";

    @Spec
    CommandSpec spec;

    private PropertyResolver settings;

    public BackupCommand() {
    }

    /** For tests: the same command reading the given settings instead of the configuration. */
    public static BackupCommand withSettings(PropertyResolver settings) {
        BackupCommand command = new BackupCommand();
        command.settings = settings;
        return command;
    }

    /** Application.main's entry: the exit code. */
    public static int execute(String... args) {
        try (ApplicationContext context = ApplicationContext.builder().environments(Environment.CLI).build()) {
            // Only the configuration (application.yml, environment, system properties): no bean, no database.
            Environment environment = context.getEnvironment().start();
            return new CommandLine(withSettings(environment)).setCommandName("patient-search backup").execute(args);
        }
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = "Take a base backup now (through the running service's database, or a server started for it), then apply the retention.")
    int create() throws Exception {
        Optional<EmbeddedBackups> backups = embedded();
        if (backups.isEmpty()) {
            return 2;
        }
        try {
            BackupInfo info = backups.get().create();
            out().printf("backup %s created: %s, %s%n", info.id(), size(info.bytes()), counts(info.rowCounts()));
            out().printf("in %s%n", backups.get().store().root());
            return 0;
        } catch (IllegalStateException e) {
            err().println("backup refused: " + e.getMessage());
            return 1;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the base backups and the time range a restore can reach.")
    int list() {
        Optional<EmbeddedBackups> backups = embedded();
        if (backups.isEmpty()) {
            return 2;
        }
        List<BackupInfo> all = backups.get().store().list();
        PrintWriter out = out();
        if (all.isEmpty()) {
            out.println("no backups in " + backups.get().store().root());
            return 0;
        }
        out.printf("%-18s %-28s %10s  %s%n", "ID", "FINISHED (restorable from)", "SIZE", "ROWS");
        for (BackupInfo info : all) {
            out.printf("%-18s %-28s %10s  %s%n", info.id(), info.finished(), size(info.bytes()), counts(info.rowCounts()));
        }
        out.printf("WAL archive: %s; a restore reaches from %s to the newest archived WAL (and what pg_wal still holds)%n",
                backups.get().store().walDirectory(), all.get(0).finished());
        return 0;
    }

    @Command(name = "verify", mixinStandardHelpOptions = true,
            description = "Restore a backup (default: the newest) into a scratch directory, start it, check it answers and its row counts, remove it.")
    int verify(@Parameters(arity = "0..1", paramLabel = "ID", description = "a backup id from 'backup list'") String id) throws Exception {
        Optional<EmbeddedBackups> backups = embedded();
        if (backups.isEmpty()) {
            return 2;
        }
        Optional<BackupInfo> chosen = id == null ? backups.get().store().newest() : backups.get().store().find(id);
        if (chosen.isEmpty()) {
            err().println(id == null ? "no backups to verify" : "no complete backup " + id);
            return 1;
        }
        EmbeddedBackups.Verification result = backups.get().verify(chosen.get());
        out().printf("backup %s restored and started: %s (at backup time: %s)%n", chosen.get().id(),
                counts(result.rowCounts()), counts(chosen.get().rowCounts()));
        result.problems().forEach(p -> err().println("problem: " + p));
        out().println(result.ok() ? "verify: OK" : "verify: FAILED");
        return result.ok() ? 0 : 1;
    }

    @Command(name = "restore", mixinStandardHelpOptions = true,
            description = "Rebuild the data directory to a point in time (or the latest WAL); the service must be stopped. "
                    + "The current directory is kept beside it.")
    int restore(@Option(names = "--to", paramLabel = "TIMESTAMP",
                        description = "ISO-8601 with an offset, e.g. 2026-11-29T20:15:30Z") String to,
                @Option(names = "--latest", description = "replay every archived WAL segment") boolean latest) throws Exception {
        if ((to == null) == !latest) {
            throw new ParameterException(spec.commandLine().getSubcommands().get("restore"), "give exactly one of --to TIMESTAMP or --latest");
        }
        Optional<Instant> target = Optional.empty();
        if (to != null) {
            try {
                target = Optional.of(OffsetDateTime.parse(to.strip()).toInstant());
            } catch (DateTimeParseException e) {
                throw new ParameterException(spec.commandLine().getSubcommands().get("restore"),
                        "--to: an ISO-8601 time with an offset, e.g. 2026-11-29T20:15:30Z (was '" + to + "')");
            }
        }
        Optional<EmbeddedBackups> backups = embedded();
        if (backups.isEmpty()) {
            return 2;
        }
        try {
            EmbeddedBackups.Restored restored = backups.get().restore(target);
            out().printf("restored from backup %s to %s (timeline %s): %s%n", restored.base().id(), restored.target(),
                    restored.timeline(), counts(restored.rowCounts()));
            if (restored.previous() != null) {
                out().printf("the previous data directory is kept at %s: delete it once the service is checked%n", restored.previous());
            }
            SearchEngineProperties.Lucene lucene = new SearchEngineProperties.Lucene();
            set(settings, "search.lucene.directory", String.class, lucene::setDirectory);
            LuceneIndexCheck.removeAfterRestore(lucene, embeddedProperties(settings).getDataDirectory()).ifPresent(index ->
                    out().printf("the patient index of the previous data was removed (%s): the next start rebuilds it%n", index));
            return 0;
        } catch (IllegalStateException e) {
            err().println("restore refused: " + e.getMessage());
            return 1;
        }
    }

    /** The embedded database's backups, or empty after saying why there are none to manage. */
    private Optional<EmbeddedBackups> embedded() {
        if (settings.getProperty("datasources.default.url", String.class).filter(u -> !u.isBlank()).isPresent()) {
            err().println(EXTERNAL);
            return Optional.empty();
        }
        return Optional.of(new EmbeddedBackups(backupProperties(settings), embeddedProperties(settings)));
    }

    static BackupProperties backupProperties(PropertyResolver settings) {
        BackupProperties p = new BackupProperties();
        set(settings, "backup.enabled", Boolean.class, p::setEnabled);
        set(settings, "backup.directory", String.class, v -> p.setDirectory(Path.of(v)));
        set(settings, "backup.retention", Integer.class, p::setRetention);
        set(settings, "backup.archive-timeout", Duration.class, p::setArchiveTimeout);
        set(settings, "backup.max-age", Duration.class, p::setMaxAge);
        return p;
    }

    static EmbeddedPostgresProperties embeddedProperties(PropertyResolver settings) {
        EmbeddedPostgresProperties p = new EmbeddedPostgresProperties();
        set(settings, "embedded-postgres.data-directory", String.class, v -> p.setDataDirectory(Path.of(v)));
        set(settings, "embedded-postgres.database", String.class, p::setDatabase);
        set(settings, "embedded-postgres.startup-wait", Duration.class, p::setStartupWait);
        set(settings, "embedded-postgres.shared-buffers", String.class, p::setSharedBuffers);
        set(settings, "embedded-postgres.work-mem", String.class, p::setWorkMem);
        set(settings, "embedded-postgres.maintenance-work-mem", String.class, p::setMaintenanceWorkMem);
        set(settings, "embedded-postgres.durable", Boolean.class, p::setDurable);
        // the port stays 0 (a free one): a server started by a command must not take the service's
        return p;
    }

    private static <T> void set(PropertyResolver settings, String name, Class<T> type, Consumer<T> setter) {
        settings.getProperty(name, type).ifPresent(setter);
    }

    private static String counts(Map<String, Long> counts) {
        return counts.isEmpty() ? "no tables counted" : counts.entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue()).reduce((a, b) -> a + " " + b).orElse("");
    }

    private static String size(long bytes) {
        return String.format("%.1f MB", bytes / 1024.0 / 1024.0);
    }

    private PrintWriter out() {
        return spec.commandLine().getOut();
    }

    private PrintWriter err() {
        return spec.commandLine().getErr();
    }
}
