package com.patientsearch.app.admin;

import com.patientsearch.persistence.backup.BackupMonitor;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.AbstractHealthIndicator;
import jakarta.inject.Singleton;

import java.util.Map;

/**
 * Backups in /health: {@code WARNING} when the newest base backup is older than {@code backup.max-age} (embedded
 * database) or the newest WAL archiving attempt failed. Never DOWN: load balancers probe /health, and a node without
 * a fresh backup still serves correctly; the alert rules page for it (docs/runbooks/restore-to-a-point-in-time.md).
 */
@Singleton
class BackupHealthIndicator extends AbstractHealthIndicator<Map<String, Object>> {

    /** Operational (HTTP 200), but not UP. */
    static final HealthStatus WARNING = new HealthStatus("WARNING", "backups need attention", true, null);

    private final BackupMonitor monitor;

    BackupHealthIndicator(BackupMonitor monitor) {
        this.monitor = monitor;
    }

    @Override
    protected Map<String, Object> getHealthInformation() {
        boolean stale = monitor.embedded() && monitor.lastBackupAge().compareTo(monitor.maxAge()) > 0;
        healthStatus = stale || monitor.archiver().failing() ? WARNING : HealthStatus.UP;
        return monitor.details();
    }

    @Override
    protected String getName() {
        return "backup";
    }
}
