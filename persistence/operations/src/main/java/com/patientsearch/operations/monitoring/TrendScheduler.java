package com.patientsearch.operations.monitoring;

import io.micronaut.context.annotation.Requires;
import io.micronaut.context.env.Environment;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.SQLException;

/** Takes the latency snapshots on a schedule (not in the CLI: a one-off command has no interval to measure). */
@Singleton
@Requires(property = "monitoring.trend.enabled", notEquals = "false")
@Requires(notEnv = Environment.CLI)
class TrendScheduler {

    private static final Logger LOG = LoggerFactory.getLogger(TrendScheduler.class);

    private final LatencyTrends trends;

    TrendScheduler(LatencyTrends trends) {
        this.trends = trends;
    }

    @Scheduled(fixedDelay = "${monitoring.trend.interval:15m}", initialDelay = "${monitoring.trend.initial-delay:1m}")
    void snapshot() {
        try {
            trends.snapshot();
        } catch (SQLException e) {
            LOG.warn("latency_snapshot_failed sqlstate={}", e.getSQLState());
        }
    }
}
