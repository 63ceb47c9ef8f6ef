package com.patientsearch.persistence.backup;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A base backup with PostgreSQL's low-level API, as the embedded binaries have no pg_basebackup:
 * {@code pg_backup_start} and {@code pg_backup_stop} on one connection, the data directory copied file by file in
 * between (files changing under the copy are fine: the WAL from the start point repairs them), and the
 * backup_label / tablespace_map that pg_backup_stop returns written into the copy.
 */
final class BaseBackup {

    private static final Logger LOG = LoggerFactory.getLogger(BaseBackup.class);
    private static final DateTimeFormatter ID = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmssSSS'Z'").withZone(ZoneOffset.UTC);
    /** Tables counted for {@code backup verify}: small enough to count exactly, and what a restore must bring back. */
    static final List<String> COUNTED_TABLES = List.of("clinic", "provider", "patient", "appointment");
    /** Contents left out (the documented exclusions of a base backup); the directories themselves are recreated. */
    private static final Set<String> EMPTY_DIRECTORIES = Set.of("pg_wal", "pg_replslot", "pg_dynshmem", "pg_notify",
            "pg_serial", "pg_snapshots", "pg_stat_tmp", "pg_subtrans");
    private static final Set<String> SKIPPED_FILES = Set.of("postmaster.pid", "postmaster.opts", "epg-lock",
            "backup_label", "tablespace_map", "recovery.signal", "standby.signal", "pg_internal.init");

    private BaseBackup() {
    }

    /**
     * @param connection a superuser's connection to the app's database on the server that runs on
     *                   {@code dataDirectory}, with WAL archiving into {@code store}
     */
    static BackupInfo take(Connection connection, Path dataDirectory, BackupStore store) throws SQLException, IOException {
        requireArchiving(connection);
        store.createDirectories();
        Instant started = Instant.now();
        String id = ID.format(started);
        Path target = store.baseDirectory().resolve(id);
        if (Files.exists(target)) {
            throw new IOException("a backup named " + id + " exists already");
        }
        Path data = target.resolve("data");
        Files.createDirectories(data);
        connection.setAutoCommit(true);
        String startWal;
        try (PreparedStatement start = connection.prepareStatement(
                "SELECT pg_walfile_name(lsn) FROM pg_backup_start(?, true) AS lsn")) {
            start.setString(1, "patient-search " + id);
            try (ResultSet rs = start.executeQuery()) {
                rs.next();
                startWal = rs.getString(1);
            }
        }
        long bytes;
        Map<String, Long> counts;
        String stopLsn;
        Instant finished;
        try {
            bytes = copy(dataDirectory, data);
            counts = rowCounts(connection);
        } catch (IOException | SQLException | RuntimeException e) {
            abort(connection);
            throw e;
        }
        // Waits until the last segment the backup needs is archived: the backup is then self-contained.
        try (Statement stop = connection.createStatement();
             ResultSet rs = stop.executeQuery("SELECT lsn::text, labelfile, spcmapfile, clock_timestamp() FROM pg_backup_stop(true)")) {
            rs.next();
            stopLsn = rs.getString(1);
            Files.writeString(data.resolve("backup_label"), rs.getString(2));
            String spcmap = rs.getString(3);
            if (spcmap != null && !spcmap.isEmpty()) {
                Files.writeString(data.resolve("tablespace_map"), spcmap);
            }
            finished = rs.getTimestamp(4).toInstant();
        }
        BackupInfo info = new BackupInfo(id, started, finished, startWal, stopLsn, bytes, counts);
        info.write(target); // last: its presence marks the backup complete
        LOG.info("backup_created id={} bytes={} start_wal={} stop_lsn={}", id, bytes, startWal, stopLsn);
        return info;
    }

    private static void requireArchiving(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT current_setting('archive_mode'), current_setting('archive_command')")) {
            rs.next();
            if ("off".equals(rs.getString(1)) || rs.getString(2).isBlank() || "(disabled)".equals(rs.getString(2))) {
                throw new IllegalStateException("WAL archiving is off on this server (backup.enabled=false when it "
                        + "started?): a base backup without archived WAL cannot be restored");
            }
        }
    }

    private static void abort(Connection connection) {
        try (Statement stop = connection.createStatement()) {
            stop.execute("SELECT pg_backup_stop(false)");
        } catch (SQLException e) {
            LOG.warn("backup_abort_failed sqlstate={}", e.getSQLState()); // closing the session ends the backup anyway
        }
    }

    private static Map<String, Long> rowCounts(Connection connection) throws SQLException {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (String table : COUNTED_TABLES) {
            try (PreparedStatement exists = connection.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
                exists.setString(1, "public." + table);
                try (ResultSet rs = exists.executeQuery()) {
                    rs.next();
                    if (!rs.getBoolean(1)) {
                        continue;
                    }
                }
            }
            try (Statement count = connection.createStatement();
                 // a name from the fixed list above, never input
                 ResultSet rs = count.executeQuery("SELECT count(*) FROM public." + table)) {
                rs.next();
                counts.put(table, rs.getLong(1));
            }
        }
        return counts;
    }

    /** Copies the data directory, skipping what a base backup leaves out; files vanishing meanwhile are skipped. */
    static long copy(Path from, Path to) throws IOException {
        return copy(from, to, true);
    }

    /** {@code exclusions} false: everything (a backup's own copy back out, backup_label included). */
    static long copy(Path from, Path to, boolean exclusions) throws IOException {
        AtomicLong bytes = new AtomicLong();
        Files.walkFileTree(from, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                Path relative = from.relativize(dir);
                Files.createDirectories(to.resolve(relative.toString()));
                if (exclusions && relative.getNameCount() == 1 && EMPTY_DIRECTORIES.contains(relative.toString())) {
                    if ("pg_wal".equals(relative.toString())) {
                        Files.createDirectories(to.resolve("pg_wal").resolve("archive_status"));
                    }
                    return FileVisitResult.SKIP_SUBTREE;
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                String name = file.getFileName().toString();
                if (exclusions && (SKIPPED_FILES.contains(name) || name.startsWith("pgsql_tmp"))) {
                    return FileVisitResult.CONTINUE;
                }
                try {
                    Files.copy(file, to.resolve(from.relativize(file).toString()), StandardCopyOption.COPY_ATTRIBUTES);
                    bytes.addAndGet(attrs.size());
                } catch (NoSuchFileException vanished) {
                    // dropped or truncated away during the copy: the WAL replay accounts for it
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                if (e instanceof NoSuchFileException) {
                    return FileVisitResult.CONTINUE;
                }
                throw e;
            }
        });
        Files.setPosixFilePermissions(to, PosixFilePermissions.fromString("rwx------"));
        return bytes.get();
    }
}
