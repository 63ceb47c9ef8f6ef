package com.patientsearch.operations.monitoring;

import com.patientsearch.persistence.schedule.ScheduleProperties;
import io.micronaut.context.annotation.ConfigurationProperties;

import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;

/**
 * {@code monitoring.maintenance.*}: the scheduler is off unless {@code enabled} (prod profiles turn it on). REINDEX
 * only runs inside the window; ANALYZE and VACUUM take no lock that blocks reads or writes and run at any time.
 */
@ConfigurationProperties("monitoring.maintenance")
public class MaintenanceProperties extends ScheduleProperties {

    private LocalTime windowStart = LocalTime.of(2, 0);
    private LocalTime windowEnd = LocalTime.of(5, 0);
    private String zone = "UTC";
    /** Every maintenance statement gives up rather than queue behind (and in front of) the app's locks. */
    private Duration lockTimeout = Duration.ofSeconds(2);
    /** Upper bound per statement (VACUUM of a big table takes a while; 0 = none). */
    private Duration statementTimeout = Duration.ofMinutes(30);
    private int historySize = 100;

    public MaintenanceProperties() {
        super(false, Duration.ofHours(1), Duration.ofMinutes(5));
    }

    public LocalTime getWindowStart() {
        return windowStart;
    }

    public void setWindowStart(LocalTime windowStart) {
        this.windowStart = windowStart;
    }

    public LocalTime getWindowEnd() {
        return windowEnd;
    }

    public void setWindowEnd(LocalTime windowEnd) {
        this.windowEnd = windowEnd;
    }

    public ZoneId getZone() {
        return ZoneId.of(zone);
    }

    public void setZone(String zone) {
        this.zone = zone;
    }

    public Duration getLockTimeout() {
        return lockTimeout;
    }

    public void setLockTimeout(Duration lockTimeout) {
        this.lockTimeout = lockTimeout;
    }

    public Duration getStatementTimeout() {
        return statementTimeout;
    }

    public void setStatementTimeout(Duration statementTimeout) {
        this.statementTimeout = statementTimeout;
    }

    public int getHistorySize() {
        return historySize;
    }

    public void setHistorySize(int historySize) {
        this.historySize = Math.max(1, historySize);
    }
}
