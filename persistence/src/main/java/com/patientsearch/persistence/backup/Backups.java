package com.patientsearch.persistence.backup;

import com.patientsearch.persistence.embedded.EmbeddedPostgresProperties;
import com.patientsearch.persistence.embedded.EmbeddedPostgresServer;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Optional;

/**
 * The service's side of embedded backups: base backups through the running server's superuser, and the newest
 * backup for the metrics and /health. Absent on an external database, whose backups are the operator's, and with
 * {@code backup.enabled=false}.
 */
@Singleton
@Requires(missingProperty = "datasources.default.url")
@Requires(property = "backup.enabled", notEquals = "false")
public class Backups {

    private final EmbeddedBackups backups;
    private final EmbeddedPostgresServer server;
    private final BackupProperties properties;
    private volatile Optional<BackupInfo> newest;

    Backups(BackupProperties properties, EmbeddedPostgresProperties embedded, EmbeddedPostgresServer server) {
        this.properties = properties;
        this.backups = new EmbeddedBackups(properties, embedded);
        this.server = server;
        this.newest = backups.store().newest();
    }

    public BackupInfo create() throws SQLException, IOException {
        try (Connection connection = DriverManager.getConnection(server.jdbcUrl(), server.username(), "")) {
            BackupInfo info = backups.create(connection);
            newest = Optional.of(info);
            return info;
        }
    }

    public Optional<BackupInfo> newest() {
        return newest;
    }

    public BackupProperties properties() {
        return properties;
    }

    public EmbeddedBackups embedded() {
        return backups;
    }
}
