package com.patientsearch.persistence.schedule;

import java.time.Duration;

/**
 * The schedule every background job's {@code @ConfigurationProperties} shares: {@code enabled}, {@code interval}
 * between runs and {@code initial-delay} before the first, under the job's own prefix. Its {@code @Scheduled} reads
 * the same keys, with these defaults.
 */
public abstract class ScheduleProperties {

    private boolean enabled;
    private Duration interval;
    private Duration initialDelay;

    protected ScheduleProperties(boolean enabled, Duration interval, Duration initialDelay) {
        this.enabled = enabled;
        this.interval = interval;
        this.initialDelay = initialDelay;
    }

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

    public Duration getInitialDelay() {
        return initialDelay;
    }

    public void setInitialDelay(Duration initialDelay) {
        this.initialDelay = initialDelay;
    }
}
