package com.patientsearch.persistence.embedded;

import com.patientsearch.persistence.backup.BackupProperties;
import com.patientsearch.persistence.backup.EmbeddedBackups;
import io.micronaut.context.annotation.Bean;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A real PostgreSQL (zonky's binaries, shipped in a Maven artifact) with a persistent data directory, started only
 * when the default datasource has no URL. {@code pg_stat_statements} is preloaded so the operations views work.
 */
@Singleton
@Bean(preDestroy = "close")
public class EmbeddedPostgresServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedPostgresServer.class);
    static final String SUPERUSER = "postgres";

    private final EmbeddedPostgres postgres;
    private final EmbeddedPostgresProperties properties;

    public EmbeddedPostgresServer(EmbeddedPostgresProperties properties, BackupProperties backup) {
        this.properties = properties;
        Path dataDirectory = properties.getDataDirectory().toAbsolutePath();
        try {
            Files.createDirectories(dataDirectory);
            stopOrphanedPostmaster(dataDirectory);
            long started = System.nanoTime();
            // WAL archiving into the backup directory (docs/operations.md, "Backups"): set at every start.
            this.postgres = start(dataDirectory, properties, EmbeddedBackups.archiveSettings(backup));
            createDatabaseIfMissing(properties.getDatabase());
            LOG.info("Embedded PostgreSQL started in {} ms on port {}, data directory {}",
                    Duration.ofNanos(System.nanoTime() - started).toMillis(), postgres.getPort(), dataDirectory);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start the embedded PostgreSQL in " + dataDirectory
                    + " (is another patient-search process using it?)", e);
        }
    }

    /** Starts a server on {@code dataDirectory}; also used by the test fixture. */
    public static EmbeddedPostgres start(Path dataDirectory, EmbeddedPostgresProperties properties) throws IOException {
        return start(dataDirectory, properties, Map.of());
    }

    /** The same, with further server settings (WAL archiving; values already quoted for pg_ctl's shell). */
    public static EmbeddedPostgres start(Path dataDirectory, EmbeddedPostgresProperties properties,
                                         Map<String, String> extraSettings) throws IOException {
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                .setDataDirectory(dataDirectory)
                .setCleanDataDirectory(false)
                .setPort(properties.getPort())
                .setPGStartupWait(properties.getStartupWait())
                .setServerConfig("shared_preload_libraries", "pg_stat_statements")
                .setServerConfig("pg_stat_statements.track", "top")
                .setServerConfig("track_io_timing", "on")
                .setServerConfig("shared_buffers", properties.getSharedBuffers())
                .setServerConfig("work_mem", properties.getWorkMem())
                .setServerConfig("maintenance_work_mem", properties.getMaintenanceWorkMem())
                .setServerConfig("max_connections", "200")
                .setServerConfig("listen_addresses", "localhost")
                .setServerConfig("fsync", properties.isDurable() ? "on" : "off")
                .setServerConfig("synchronous_commit", properties.isDurable() ? "on" : "off");
        extraSettings.forEach(builder::setServerConfig);
        return builder.start();
    }

    /** Without the user in the URL: it shows in /health; the pool is given the user apart. */
    public String jdbcUrl() {
        return "jdbc:postgresql://localhost:" + postgres.getPort() + "/" + properties.getDatabase();
    }

    public String username() {
        return SUPERUSER;
    }

    public int port() {
        return postgres.getPort();
    }

    public Path dataDirectory() {
        return properties.getDataDirectory().toAbsolutePath();
    }

    private void createDatabaseIfMissing(String database) {
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
             PreparedStatement exists = connection.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            exists.setString(1, database);
            try (ResultSet rs = exists.executeQuery()) {
                if (rs.next()) {
                    return;
                }
            }
            try (Statement create = connection.createStatement()) {
                // An identifier cannot be a bind parameter; the name comes from configuration and is quoted.
                create.execute("CREATE DATABASE \"" + database.replace("\"", "\"\"") + "\"");
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not create database " + database, e);
        }
    }

    /**
     * A JVM killed with SIGKILL leaves its postmaster running and the data directory unusable. If the directory's
     * lock is free (no live patient-search holds it) but postmaster.pid names a live process, stop that process.
     */
    private static void stopOrphanedPostmaster(Path dataDirectory) throws IOException {
        Path pidFile = dataDirectory.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return;
        }
        List<String> lines = Files.readAllLines(pidFile);
        Optional<ProcessHandle> postmaster = lines.isEmpty() ? Optional.empty()
                : parsePid(lines.get(0)).flatMap(ProcessHandle::of)
                        .filter(p -> p.info().command().map(c -> c.endsWith("postgres")).orElse(false));
        if (postmaster.isEmpty()) {
            return;
        }
        try (var lockChannel = java.nio.channels.FileChannel.open(dataDirectory.resolve("epg-lock"),
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.WRITE);
             var lock = lockChannel.tryLock()) {
            if (lock == null) {
                throw new IOException("the data directory is locked by another process");
            }
            LOG.warn("Stopping an orphaned PostgreSQL (pid {}) left running in {}", postmaster.get().pid(), dataDirectory);
            postmaster.get().destroy();
            postmaster.get().onExit().get(60, java.util.concurrent.TimeUnit.SECONDS);
        } catch (java.nio.channels.OverlappingFileLockException e) {
            throw new IOException("the data directory is already in use in this JVM", e);
        } catch (Exception e) {
            if (e instanceof IOException io) {
                throw io;
            }
            throw new IOException("could not stop the orphaned PostgreSQL", e);
        }
    }

    private static Optional<Long> parsePid(String line) {
        try {
            return Optional.of(Long.parseLong(line.trim()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    @Override
    public void close() throws IOException {
        postgres.close();
        LOG.info("Embedded PostgreSQL stopped");
    }
}
