package com.patientsearch.operations.monitoring;

import io.micronaut.context.annotation.ConfigurationProperties;

import java.time.Duration;

/** {@code monitoring.slow-query.*}: when a statement counts as slow and how many alerts the admin list keeps. */
@ConfigurationProperties("monitoring.slow-query")
public class SlowQueryProperties {

    private boolean enabled = true;
    /** A statement at least this slow raises an alert (per environment: application-{env}.yml). */
    private Duration threshold = Duration.ofMillis(100);
    /** The newest alerts kept in memory for /api/v1/admin/db/slow-queries. */
    private int ringSize = 200;
    /** Distinct families tagged on db_slow_queries_total; beyond it they count as "other" (bounded cardinality). */
    private int maxFamilies = 500;

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public Duration getThreshold() {
        return threshold;
    }

    public void setThreshold(Duration threshold) {
        this.threshold = threshold;
    }

    public int getRingSize() {
        return ringSize;
    }

    public void setRingSize(int ringSize) {
        this.ringSize = Math.max(1, ringSize);
    }

    public int getMaxFamilies() {
        return maxFamilies;
    }

    public void setMaxFamilies(int maxFamilies) {
        this.maxFamilies = maxFamilies;
    }
}
