package com.patientsearch.persistence.backup;

import com.patientsearch.persistence.datasource.AgroalPools;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.system.DiskSpaceMetrics;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micronaut.context.BeanProvider;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Backup state for the metrics and /health: the newest base backup's age (embedded database) and WAL archiving
 * from {@code pg_stat_archiver} (any database whose archiver the app's login can see). Collected on a schedule, read
 * on scrape.
 */
@Singleton
public class BackupMonitor implements MeterBinder {

    private static final Logger LOG = LoggerFactory.getLogger(BackupMonitor.class);

    private final BeanProvider<Backups> backups;
    private final BeanProvider<DataSource> dataSources;
    private final Instant started = Instant.now();
    private final AtomicLong failedBackups = new AtomicLong();
    private volatile Archiver archiver = new Archiver(0, 0, null, null, "unknown");

    /** pg_stat_archiver's view: counts, and whether the newest attempt failed. */
    public record Archiver(long archived, long failed, Instant lastArchived, Instant lastFailed, String mode) {
        public boolean failing() {
            return lastFailed != null && (lastArchived == null || lastFailed.isAfter(lastArchived));
        }
    }

    BackupMonitor(BeanProvider<Backups> backups, BeanProvider<DataSource> dataSources) {
        this.backups = backups;
        this.dataSources = dataSources;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        if (backups.isPresent()) {
            Gauge.builder("backup.last.success.age", this, m -> m.lastBackupAge().toMillis() / 1000.0)
                    .baseUnit("seconds")
                    .description("Seconds since the newest base backup finished (since the service started, while there is none)")
                    .register(registry);
            FunctionCounter.builder("backup.failures", failedBackups, AtomicLong::get)
                    .description("Scheduled base backups that failed").register(registry);
            // The disks the embedded database and its backups fill (disk_free_bytes / disk_total_bytes{volume}).
            Backups b = backups.get();
            new DiskSpaceMetrics(b.embedded().dataDirectory().toFile(), Tags.of("volume", "data")).bindTo(registry);
            new DiskSpaceMetrics(b.embedded().store().root().toFile(), Tags.of("volume", "backups")).bindTo(registry);
        }
        FunctionCounter.builder("backup.wal.archived", this, m -> m.archiver.archived())
                .description("WAL segments archived (pg_stat_archiver.archived_count)").register(registry);
        FunctionCounter.builder("backup.wal.archive.failures", this, m -> m.archiver.failed())
                .description("Failed attempts to archive a WAL segment (pg_stat_archiver.failed_count)").register(registry);
        Gauge.builder("backup.wal.archive.failing", this, m -> m.archiver.failing() ? 1 : 0)
                .description("1 while the newest WAL archiving attempt failed (WAL then piles up in pg_wal)").register(registry);
    }

    @Scheduled(fixedDelay = "${monitoring.database.metrics-interval:30s}", initialDelay = "1s")
    void collect() {
        DataSource dataSource = AgroalPools.raw(dataSources.get()); // not timed as an app query
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("""
                     SELECT archived_count, failed_count, last_archived_time, last_failed_time, current_setting('archive_mode')
                     FROM pg_stat_archiver""")) {
            if (rs.next()) {
                archiver = new Archiver(rs.getLong(1), rs.getLong(2), instant(rs.getTimestamp(3)), instant(rs.getTimestamp(4)),
                        rs.getString(5));
            }
        } catch (SQLException e) {
            LOG.warn("backup_metrics_failed sqlstate={}", e.getSQLState());
        }
    }

    void failed() {
        failedBackups.incrementAndGet();
    }

    public Archiver archiver() {
        return archiver;
    }

    /** Embedded: the backups are the app's. Otherwise they are the operator's, and only archiving is reported. */
    public boolean embedded() {
        return backups.isPresent();
    }

    public Optional<BackupInfo> newest() {
        return backups.isPresent() ? backups.get().newest() : Optional.empty();
    }

    public Duration lastBackupAge() {
        Instant since = newest().map(BackupInfo::finished).orElse(started);
        return Duration.between(since, Instant.now());
    }

    /** Null when backups are not the app's. */
    public Duration maxAge() {
        return backups.isPresent() ? backups.get().properties().getMaxAge() : null;
    }

    public long failedBackups() {
        return failedBackups.get();
    }

    public Map<String, Object> details() {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("mode", embedded() ? "embedded" : "operator");
        if (embedded()) {
            details.put("newest", newest().map(b -> b.id() + " finished " + b.finished()).orElse("none yet"));
            details.put("ageSeconds", lastBackupAge().toSeconds());
            details.put("maxAgeSeconds", maxAge().toSeconds());
            details.put("failedBackups", failedBackups.get());
        } else {
            details.put("backups", "the operator's: an external database, or backup.enabled=false "
                    + "(docs/runbooks/restore-to-a-point-in-time.md)");
        }
        Archiver a = archiver;
        details.put("archiveMode", a.mode());
        details.put("walArchived", a.archived());
        details.put("walArchiveFailures", a.failed());
        details.put("walArchiveFailing", a.failing());
        return details;
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
