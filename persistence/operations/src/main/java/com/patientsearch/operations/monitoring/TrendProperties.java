package com.patientsearch.operations.monitoring;

import com.patientsearch.persistence.schedule.ScheduleProperties;
import io.micronaut.context.annotation.ConfigurationProperties;

import java.time.Duration;

/** {@code monitoring.trend.*}: latency snapshots per query family and when a family counts as degraded. */
@ConfigurationProperties("monitoring.trend")
public class TrendProperties extends ScheduleProperties {

    /** The baseline is the median interval mean over this window before the current snapshot. */
    private Duration baselineWindow = Duration.ofDays(7);
    /** Snapshots needed in the window before a baseline counts (fewer: no alert, the family is new). */
    private int minBaselineSnapshots = 3;
    /** A family whose interval mean exceeds baseline × factor is degraded. */
    private double degradationFactor = 2.0;
    /** Intervals with fewer calls are too noisy to compare. */
    private long minCalls = 10;
    private Duration retention = Duration.ofDays(30);
    /** pg_stat_statements entries read per snapshot, by total time. */
    private int maxStatements = 200;

    public TrendProperties() {
        super(true, Duration.ofMinutes(15), Duration.ofMinutes(1));
    }

    public Duration getBaselineWindow() {
        return baselineWindow;
    }

    public void setBaselineWindow(Duration baselineWindow) {
        this.baselineWindow = baselineWindow;
    }

    public int getMinBaselineSnapshots() {
        return minBaselineSnapshots;
    }

    public void setMinBaselineSnapshots(int minBaselineSnapshots) {
        this.minBaselineSnapshots = Math.max(1, minBaselineSnapshots);
    }

    public double getDegradationFactor() {
        return degradationFactor;
    }

    public void setDegradationFactor(double degradationFactor) {
        this.degradationFactor = degradationFactor;
    }

    public long getMinCalls() {
        return minCalls;
    }

    public void setMinCalls(long minCalls) {
        this.minCalls = minCalls;
    }

    public Duration getRetention() {
        return retention;
    }

    public void setRetention(Duration retention) {
        this.retention = retention;
    }

    public int getMaxStatements() {
        return maxStatements;
    }

    public void setMaxStatements(int maxStatements) {
        this.maxStatements = maxStatements;
    }
}
