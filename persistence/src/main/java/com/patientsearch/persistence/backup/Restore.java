package com.patientsearch.persistence.backup;

import com.patientsearch.persistence.embedded.EmbeddedPostgresProperties;
import com.patientsearch.persistence.embedded.EmbeddedPostgresServer;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A data directory rebuilt from a base backup plus archived WAL, recovered by a server started on it for the
 * purpose: recovery settings and recovery.signal are written, the server replays to the target and promotes, the
 * row counts are read, the server stops and the recovery settings are removed again. What is left is an ordinary
 * data directory the service starts on.
 */
final class Restore {

    private static final String BEGIN = "# patient-search restore: begin";
    private static final String END = "# patient-search restore: end";
    private static final DateTimeFormatter TARGET = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSSxxx")
            .withZone(ZoneOffset.UTC);
    private static final Duration RECOVERY_LIMIT = Duration.ofHours(6);

    /** Where recovery stops: the backup's own end (consistency), a point in time, or the end of all WAL. */
    record Target(String kind, Instant time) {
        static Target immediate() {
            return new Target("immediate", null);
        }

        static Target latest() {
            return new Target("latest", null);
        }

        static Target time(Instant time) {
            return new Target("time", time);
        }
    }

    /** What the recovered server showed before it stopped. */
    record Recovered(Map<String, Long> rowCounts, String timeline) {
    }

    private Restore() {
    }

    /**
     * @param previousWal the pg_wal of the data directory being replaced, whose newest segments may not be archived
     *                    yet (null for a scratch restore)
     */
    static void prepare(BackupStore store, BackupInfo backup, Path dataDirectory, Target target, Path previousWal)
            throws IOException {
        BaseBackup.copy(store.dataOf(backup), dataDirectory, false);
        Path wal = dataDirectory.resolve("pg_wal");
        Files.createDirectories(wal.resolve("archive_status"));
        if (previousWal != null && Files.isDirectory(previousWal)) {
            try (Stream<Path> files = Files.list(previousWal)) {
                for (Path file : (Iterable<Path>) files::iterator) {
                    if (Files.isRegularFile(file)) {
                        Files.copy(file, wal.resolve(file.getFileName().toString()), StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            }
        }
        List<String> settings = new ArrayList<>();
        settings.add(BEGIN);
        settings.add("restore_command = '" + WalArchive.restoreCommand(store) + "'");
        switch (target.kind()) {
            case "immediate" -> settings.add("recovery_target = 'immediate'");
            case "time" -> settings.add("recovery_target_time = '" + TARGET.format(target.time()) + "'");
            default -> {
                // latest: no target, recovery replays every segment it finds
            }
        }
        settings.add("recovery_target_action = 'promote'");
        settings.add("recovery_target_timeline = 'latest'");
        settings.add(END);
        Files.write(dataDirectory.resolve("postgresql.auto.conf"), settings, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        Files.createFile(dataDirectory.resolve("recovery.signal"));
    }

    /** Starts a server on the prepared directory, waits for recovery to end, reads the counts, stops it, cleans up. */
    static Recovered recover(Path dataDirectory, EmbeddedPostgresProperties properties, Map<String, String> serverConfig)
            throws IOException, SQLException {
        EmbeddedPostgresProperties scratch = new EmbeddedPostgresProperties();
        scratch.setPort(0);
        scratch.setDatabase(properties.getDatabase());
        scratch.setSharedBuffers("64MB");
        scratch.setStartupWait(properties.getStartupWait());
        Recovered recovered;
        try (EmbeddedPostgres server = EmbeddedPostgresServer.start(dataDirectory, scratch, serverConfig)) {
            String url = "jdbc:postgresql://localhost:" + server.getPort() + "/" + properties.getDatabase();
            try (Connection connection = DriverManager.getConnection(url, "postgres", "");
                 Statement statement = connection.createStatement()) {
                awaitPromotion(statement);
                Map<String, Long> counts = new LinkedHashMap<>();
                for (String table : BaseBackup.COUNTED_TABLES) {
                    try (ResultSet rs = statement.executeQuery("SELECT to_regclass('public." + table + "') IS NOT NULL")) {
                        rs.next();
                        if (!rs.getBoolean(1)) {
                            continue;
                        }
                    }
                    try (ResultSet rs = statement.executeQuery("SELECT count(*) FROM public." + table)) {
                        rs.next();
                        counts.put(table, rs.getLong(1));
                    }
                }
                String timeline;
                try (ResultSet rs = statement.executeQuery("SELECT timeline_id FROM pg_control_checkpoint()")) {
                    rs.next();
                    timeline = rs.getString(1);
                }
                recovered = new Recovered(counts, timeline);
            }
        }
        removeRecoverySettings(dataDirectory);
        return recovered;
    }

    /** Waits for the condition, not a time: recovery ends when the server leaves recovery (promotion). */
    private static void awaitPromotion(Statement statement) throws SQLException {
        Instant deadline = Instant.now().plus(RECOVERY_LIMIT);
        while (true) {
            try (ResultSet rs = statement.executeQuery("SELECT pg_is_in_recovery()")) {
                rs.next();
                if (!rs.getBoolean(1)) {
                    return;
                }
            }
            if (Instant.now().isAfter(deadline)) {
                throw new SQLException("recovery did not finish within " + RECOVERY_LIMIT);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SQLException("interrupted while waiting for recovery", e);
            }
        }
    }

    static void removeRecoverySettings(Path dataDirectory) throws IOException {
        Path auto = dataDirectory.resolve("postgresql.auto.conf");
        List<String> kept = new ArrayList<>();
        boolean inside = false;
        for (String line : Files.readAllLines(auto)) {
            if (BEGIN.equals(line)) {
                inside = true;
            } else if (END.equals(line)) {
                inside = false;
            } else if (!inside) {
                kept.add(line);
            }
        }
        Files.write(auto, kept);
        Files.deleteIfExists(dataDirectory.resolve("recovery.signal"));
    }
}
