package com.patientsearch.persistence.backup;

import com.patientsearch.persistence.embedded.EmbeddedPostgresProperties;
import com.patientsearch.persistence.embedded.EmbeddedPostgresServer;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.apache.commons.io.FileUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Backups of the embedded database: create (on the running server, or on one started for the purpose), verify (a
 * restore into a scratch directory, started and counted), restore (the data directory rebuilt to a point in time,
 * only while nothing runs on it). Plain code: the service's scheduler and the {@code backup} command share it.
 */
public final class EmbeddedBackups {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedBackups.class);
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss").withZone(ZoneOffset.UTC);

    private final BackupProperties backup;
    private final EmbeddedPostgresProperties embedded;
    private final BackupStore store;

    public EmbeddedBackups(BackupProperties backup, EmbeddedPostgresProperties embedded) {
        this.backup = backup;
        this.embedded = embedded;
        this.store = new BackupStore(backup.getDirectory());
    }

    public BackupStore store() {
        return store;
    }

    public Path dataDirectory() {
        return embedded.getDataDirectory().toAbsolutePath();
    }

    /** The embedded server's archiving settings (empty with backup.enabled=false); creates the archive directory. */
    public static Map<String, String> archiveSettings(BackupProperties backup) throws IOException {
        if (!backup.isEnabled()) {
            return Map.of();
        }
        BackupStore store = new BackupStore(backup.getDirectory());
        store.createDirectories();
        return WalArchive.serverConfig(store, backup.getArchiveTimeout());
    }

    /** A base backup through {@code superuser}, a connection to the app's database on the running server; then retention. */
    public BackupInfo create(Connection superuser) throws SQLException, IOException {
        BackupInfo info = BaseBackup.take(superuser, dataDirectory(), store);
        store.prune(backup.getRetention());
        return info;
    }

    /** From outside the service: on the server running on the data directory, else on one started for it. */
    public BackupInfo create() throws SQLException, IOException {
        Path data = dataDirectory();
        if (!DataDirectory.initialized(data)) {
            throw new IllegalStateException("no database in " + data + " yet: start the service once first");
        }
        OptionalInt live = DataDirectory.livePort(data);
        if (live.isPresent()) {
            try (Connection connection = connect(live.getAsInt())) {
                return create(connection);
            }
        }
        try (EmbeddedPostgres server = EmbeddedPostgresServer.start(data, embedded, archiveSettings(backup));
             Connection connection = connect(server.getPort())) {
            return create(connection);
        }
    }

    public record Verification(BackupInfo backup, Map<String, Long> rowCounts, List<String> problems) {
        public boolean ok() {
            return problems.isEmpty();
        }
    }

    /** Restores {@code backup} into a scratch directory beside the backups, starts it, counts rows, removes it. */
    public Verification verify(BackupInfo backup) throws IOException, SQLException {
        Path scratch = Files.createTempDirectory(store.root(), "verify-" + backup.id() + "-");
        try {
            Restore.prepare(store, backup, scratch, Restore.Target.immediate(), null);
            // No archiving from the scratch copy: its new timeline must not reach the real archive.
            Restore.Recovered recovered = Restore.recover(scratch, embedded, Map.of("archive_mode", "off"));
            List<String> problems = new ArrayList<>();
            for (Map.Entry<String, Long> recorded : backup.rowCounts().entrySet()) {
                Long restored = recovered.rowCounts().get(recorded.getKey());
                if (restored == null) {
                    problems.add(recorded.getKey() + ": table missing in the restored database");
                } else if (recorded.getValue() > 0 && restored == 0) {
                    problems.add(recorded.getKey() + ": no rows restored, " + recorded.getValue() + " at backup time");
                } else if (Math.abs(restored - recorded.getValue()) > Math.max(100, recorded.getValue() / 10)) {
                    problems.add(recorded.getKey() + ": " + restored + " rows restored, " + recorded.getValue() + " at backup time");
                }
            }
            return new Verification(backup, recovered.rowCounts(), problems);
        } finally {
            FileUtils.deleteDirectory(scratch.toFile());
        }
    }

    public record Restored(BackupInfo base, String target, Map<String, Long> rowCounts, String timeline, Path previous) {
    }

    /**
     * Rebuilds the data directory to {@code target} (empty: the latest WAL there is). The current directory is moved
     * aside, never deleted; if recovery fails it is moved back.
     */
    public Restored restore(Optional<Instant> target) throws IOException, SQLException {
        Path data = dataDirectory();
        if (DataDirectory.livePort(data).isPresent() || DataDirectory.lockedByService(data)) {
            throw new IllegalStateException("the database in " + data + " is running: stop the service first");
        }
        BackupInfo base = target.map(t -> store.baseFor(t).orElseThrow(() -> new IllegalStateException(
                        "no backup finished at or before " + t + (store.list().isEmpty() ? " (there are none)"
                                : "; the oldest finished at " + store.list().get(0).finished()))))
                .orElseGet(() -> store.newest().orElseThrow(() -> new IllegalStateException("there are no backups in " + store.root())));
        Path previous = null;
        if (Files.exists(data)) {
            previous = data.resolveSibling(data.getFileName() + ".before-restore-" + STAMP.format(Instant.now()));
            Files.move(data, previous);
        }
        try {
            Restore.prepare(store, base, data, target.map(Restore.Target::time).orElse(Restore.Target.latest()),
                    previous == null ? null : previous.resolve("pg_wal"));
            Restore.Recovered recovered = Restore.recover(data, embedded, archiveSettings(backup));
            LOG.info("backup_restored base={} target={} timeline={} previous={}", base.id(),
                    target.map(Instant::toString).orElse("latest"), recovered.timeline(), previous);
            return new Restored(base, target.map(Instant::toString).orElse("latest"), recovered.rowCounts(),
                    recovered.timeline(), previous);
        } catch (IOException | SQLException | RuntimeException e) {
            if (previous != null) {
                Path failed = data.resolveSibling(data.getFileName() + ".failed-restore-" + STAMP.format(Instant.now()));
                if (Files.exists(data)) {
                    Files.move(data, failed);
                }
                Files.move(previous, data);
                LOG.warn("backup_restore_failed: the data directory is back as it was; the attempt is in {}", failed);
            }
            throw e;
        }
    }

    private Connection connect(int port) throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://localhost:" + port + "/" + embedded.getDatabase(), "postgres", "");
    }
}
