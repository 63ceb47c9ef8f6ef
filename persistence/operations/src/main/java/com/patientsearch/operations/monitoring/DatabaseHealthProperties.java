package com.patientsearch.operations.monitoring;

import io.micronaut.context.annotation.ConfigurationProperties;

import java.time.Duration;

/** {@code monitoring.database.*}: the schema the health checks look at and the thresholds of the checks of our own. */
@ConfigurationProperties("monitoring.database")
public class DatabaseHealthProperties {

    private String schema = "public";
    /** Tables with modified rows since the last ANALYZE above this share of their rows have stale statistics. */
    private double staleStatisticsRatio = 0.1;
    /** Tables whose dead tuples exceed this share of all tuples need a VACUUM. */
    private double deadTupleRatio = 0.2;
    /** Below this many rows changed or dead, a table is never reported (small tables churn harmlessly). */
    private long minRows = 1_000;
    private Duration longRunningQuery = Duration.ofMinutes(5);
    private Duration idleInTransaction = Duration.ofMinutes(1);
    /**
     * Unused-index findings are withheld until the statistics they count scans from are at least this old (since
     * the last statistics reset or server start: a restore or crash starts them over): a young count says nothing.
     */
    private Duration unusedIndexMinStatisticsAge = Duration.ofDays(7);
    /** Every list an endpoint returns is cut at this length. */
    private int maxItems = 100;

    public String getSchema() {
        return schema;
    }

    public void setSchema(String schema) {
        this.schema = schema;
    }

    public double getStaleStatisticsRatio() {
        return staleStatisticsRatio;
    }

    public void setStaleStatisticsRatio(double staleStatisticsRatio) {
        this.staleStatisticsRatio = staleStatisticsRatio;
    }

    public double getDeadTupleRatio() {
        return deadTupleRatio;
    }

    public void setDeadTupleRatio(double deadTupleRatio) {
        this.deadTupleRatio = deadTupleRatio;
    }

    public long getMinRows() {
        return minRows;
    }

    public void setMinRows(long minRows) {
        this.minRows = minRows;
    }

    public Duration getLongRunningQuery() {
        return longRunningQuery;
    }

    public void setLongRunningQuery(Duration longRunningQuery) {
        this.longRunningQuery = longRunningQuery;
    }

    public Duration getIdleInTransaction() {
        return idleInTransaction;
    }

    public void setIdleInTransaction(Duration idleInTransaction) {
        this.idleInTransaction = idleInTransaction;
    }

    public Duration getUnusedIndexMinStatisticsAge() {
        return unusedIndexMinStatisticsAge;
    }

    public void setUnusedIndexMinStatisticsAge(Duration unusedIndexMinStatisticsAge) {
        this.unusedIndexMinStatisticsAge = unusedIndexMinStatisticsAge;
    }

    public int getMaxItems() {
        return maxItems;
    }

    public void setMaxItems(int maxItems) {
        this.maxItems = Math.max(1, maxItems);
    }
}
