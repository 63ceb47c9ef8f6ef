package com.patientsearch.operations.monitoring;

import io.micronaut.context.annotation.ConfigurationProperties;

import java.time.Duration;

/** {@code monitoring.plan.*}: EXPLAIN capture for slow read families and the thresholds that turn a plan into findings. */
@ConfigurationProperties("monitoring.plan")
public class PlanProperties {

    private boolean enabled = true;
    /** SET LOCAL statement_timeout for the EXPLAIN ANALYZE re-run. */
    private Duration statementTimeout = Duration.ofSeconds(5);
    /** A family's plan is captured at most once per this interval. */
    private Duration interval = Duration.ofHours(1);
    /** Captures waiting beyond this are dropped (the alert stands without a plan). */
    private int queueSize = 16;
    /** A sequential scan reading at least this many rows is on a "large" table. */
    private long largeTableRows = 10_000;
    /** Rows removed by a filter at least this many times the rows kept. */
    private long filterRatio = 10;
    /** Nested loops whose outer side yields at least this many rows. */
    private long nestedLoopOuterRows = 1_000;
    /** Index scans fetching at least this many heap rows (an index-only scan could avoid them). */
    private long heapFetchRows = 1_000;
    /** Estimated vs actual rows off by at least this factor. */
    private long misestimateFactor = 10;

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public Duration getStatementTimeout() {
        return statementTimeout;
    }

    public void setStatementTimeout(Duration statementTimeout) {
        this.statementTimeout = statementTimeout;
    }

    public Duration getInterval() {
        return interval;
    }

    public void setInterval(Duration interval) {
        this.interval = interval;
    }

    public int getQueueSize() {
        return queueSize;
    }

    public void setQueueSize(int queueSize) {
        this.queueSize = Math.max(1, queueSize);
    }

    public long getLargeTableRows() {
        return largeTableRows;
    }

    public void setLargeTableRows(long largeTableRows) {
        this.largeTableRows = largeTableRows;
    }

    public long getFilterRatio() {
        return filterRatio;
    }

    public void setFilterRatio(long filterRatio) {
        this.filterRatio = filterRatio;
    }

    public long getNestedLoopOuterRows() {
        return nestedLoopOuterRows;
    }

    public void setNestedLoopOuterRows(long nestedLoopOuterRows) {
        this.nestedLoopOuterRows = nestedLoopOuterRows;
    }

    public long getHeapFetchRows() {
        return heapFetchRows;
    }

    public void setHeapFetchRows(long heapFetchRows) {
        this.heapFetchRows = heapFetchRows;
    }

    public long getMisestimateFactor() {
        return misestimateFactor;
    }

    public void setMisestimateFactor(long misestimateFactor) {
        this.misestimateFactor = misestimateFactor;
    }
}
