package com.patientsearch.persistence.monitoring;

import io.micronaut.context.annotation.ConfigurationProperties;

import java.time.Duration;

/** {@code monitoring.trend.*}: latency snapshots per query family and when a family counts as degraded. */
@ConfigurationProperties("monitoring.trend")
public class TrendProperties {

    private boolean enabled = true;
    private Duration interval = Duration.ofMinutes(15);
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

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public Duration getInterval() {
        return interval;
    }

    public void setInterval(Duration interval) {
        this.interval = interval;
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
