package com.patientsearch.persistence.backup;

import com.patientsearch.persistence.schedule.ScheduleProperties;
import io.micronaut.context.annotation.ConfigurationProperties;

import java.nio.file.Path;
import java.time.Duration;

/**
 * {@code backup.*}: WAL archiving and scheduled base backups of the embedded database (docs/operations.md). On an
 * external database none of this applies: its backups are the operator's (docs/runbooks/restore-to-a-point-in-time.md).
 * {@code enabled} switches WAL archiving and the schedule (off, neither happens); a base backup every
 * {@code interval}, the first {@code initial-delay} after start (demo seeding first).
 */
@ConfigurationProperties("backup")
public class BackupProperties extends ScheduleProperties {

    /** Holds {@code base/<id>/} (base backups) and {@code wal/} (the WAL archive). */
    private Path directory = Path.of(System.getProperty("user.home"), ".patient-search", "backups");
    /** Base backups kept; WAL older than the oldest kept one is deleted with it. */
    private int retention = 3;
    /**
     * A WAL segment is archived when full or at most this long after its first write: the most a lost disk can
     * cost. Each forced switch archives a 16MB segment, so not much lower.
     */
    private Duration archiveTimeout = Duration.ofMinutes(5);
    /** Past this without a new base backup, the backup health component is DOWN (and the alert fires). */
    private Duration maxAge = Duration.ofHours(26);

    public BackupProperties() {
        super(true, Duration.ofHours(24), Duration.ofMinutes(10));
    }

    public Path getDirectory() {
        return directory;
    }

    public void setDirectory(Path directory) {
        this.directory = directory;
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
