package com.patientsearch.operations.partition;

import io.micronaut.context.annotation.Requires;
import io.micronaut.context.env.Environment;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.SQLException;

/** Runs {@link PartitionMaintenance} on a schedule ({@code partitions.interval}); never in the CLI. */
@Singleton
@Requires(property = "partitions.enabled", notEquals = "false")
@Requires(notEnv = Environment.CLI)
class PartitionScheduler {

    private static final Logger LOG = LoggerFactory.getLogger(PartitionScheduler.class);

    private final PartitionMaintenance maintenance;

    PartitionScheduler(PartitionMaintenance maintenance) {
        this.maintenance = maintenance;
    }

    @Scheduled(fixedDelay = "${partitions.interval:6h}", initialDelay = "${partitions.initial-delay:1m}")
    void run() {
        try {
            maintenance.run();
        } catch (SQLException e) {
            // the database unreachable or a catalog read that failed: retried next run
            LOG.warn("partition maintenance failed sqlstate={}", e.getSQLState());
        }
    }
}
