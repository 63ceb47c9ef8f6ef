package com.patientsearch.operations.monitoring;

import io.micronaut.context.annotation.Requires;
import io.micronaut.context.env.Environment;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.SQLException;

/** Runs the maintenance jobs on a schedule; only when {@code monitoring.maintenance.enabled=true}, never in the CLI. */
@Singleton
@Requires(property = "monitoring.maintenance.enabled", value = "true")
@Requires(notEnv = Environment.CLI)
class MaintenanceScheduler {

    private static final Logger LOG = LoggerFactory.getLogger(MaintenanceScheduler.class);

    private final Maintenance maintenance;

    MaintenanceScheduler(Maintenance maintenance) {
        this.maintenance = maintenance;
    }

    @Scheduled(fixedDelay = "${monitoring.maintenance.interval:1h}", initialDelay = "${monitoring.maintenance.initial-delay:5m}")
    void runAll() {
        for (Maintenance.Job job : Maintenance.Job.values()) {
            try {
                maintenance.run(job, "scheduler", false);
            } catch (SQLException e) {
                LOG.warn("maintenance job={} failed sqlstate={}", job, e.getSQLState());
            }
        }
    }
}
