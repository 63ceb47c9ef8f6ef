package com.patientsearch.persistence.backup;

import io.micronaut.context.annotation.ConfigurationProperties;

import java.nio.file.Path;
import java.time.Duration;

/**
 * {@code backup.*}: WAL archiving and scheduled base backups of the embedded database (docs/operations.md). On an
 * external database none of this applies: its backups are the operator's (docs/runbooks/restore-to-a-point-in-time.md).
 */
@ConfigurationProperties("backup")
public class BackupProperties {

    /** WAL archiving on the embedded server and the backup schedule; off, neither happens. */
    private boolean enabled = true;
    /** Holds {@code base/<id>/} (base backups) and {@code wal/} (the WAL archive). */
    private Path directory = Path.of(System.getProperty("user.home"), ".patient-search", "backups");
    /** Time between scheduled base backups. */
    private Duration interval = Duration.ofHours(24);
    /** The first scheduled backup, after start (demo seeding first). */
    private Duration initialDelay = Duration.ofMinutes(10);
    /** Base backups kept; WAL older than the oldest kept one is deleted with it. */
    private int retention = 3;
    /**
     * A WAL segment is archived when full or at most this long after its first write: the most a lost disk can
     * cost. Each forced switch archives a 16MB segment, so not much lower.
     */
    private Duration archiveTimeout = Duration.ofMinutes(5);
    /** Past this without a new base backup, the backup health component is DOWN (and the alert fires). */
    private Duration maxAge = Duration.ofHours(26);

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public Path getDirectory() {
        return directory;
    }

    public void setDirectory(Path directory) {
        this.directory = directory;
    }

    public Duration getInterval() {
        return interval;
    }

    public void setInterval(Duration interval) {
        this.interval = interval;
    }

    public Duration getInitialDelay() {
        return initialDelay;
    }

    public void setInitialDelay(Duration initialDelay) {
        this.initialDelay = initialDelay;
    }

    public int getRetention() {
        return retention;
    }

    public void setRetention(int retention) {
        this.retention = Math.max(1, retention);
    }

    public Duration getArchiveTimeout() {
        return archiveTimeout;
    }

    public void setArchiveTimeout(Duration archiveTimeout) {
        this.archiveTimeout = archiveTimeout;
    }

    public Duration getMaxAge() {
        return maxAge;
    }

    public void setMaxAge(Duration maxAge) {
        this.maxAge = maxAge;
    }
}
