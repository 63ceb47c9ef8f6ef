package com.patientsearch.persistence.backup;

import io.micronaut.context.annotation.Requires;
import io.micronaut.context.env.Environment;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.sql.SQLException;

/** Takes a base backup every {@code backup.interval} and applies the retention; embedded database only, not in the CLI. */
@Singleton
@Requires(beans = Backups.class)
@Requires(property = "backup.enabled", notEquals = "false")
@Requires(notEnv = Environment.CLI)
class BackupScheduler {

    private static final Logger LOG = LoggerFactory.getLogger(BackupScheduler.class);

    private final Backups backups;
    private final BackupMonitor monitor;

    BackupScheduler(Backups backups, BackupMonitor monitor) {
        this.backups = backups;
        this.monitor = monitor;
    }

    @Scheduled(fixedDelay = "${backup.interval:24h}", initialDelay = "${backup.initial-delay:10m}")
    void backup() {
        try {
            backups.create();
        } catch (SQLException e) {
            monitor.failed();
            LOG.warn("backup_failed sqlstate={}", e.getSQLState());
        } catch (IOException | RuntimeException e) {
            monitor.failed();
            LOG.warn("backup_failed error={}: {}", e.getClass().getSimpleName(), e.getMessage());
        }
    }
}
