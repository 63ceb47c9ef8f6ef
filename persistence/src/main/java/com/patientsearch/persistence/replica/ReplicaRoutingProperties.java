package com.patientsearch.persistence.replica;

import io.micronaut.context.annotation.ConfigurationProperties;

import java.time.Duration;

/** How read replicas ({@code datasources.replica*}) are checked and taken out of rotation. */
@ConfigurationProperties("replica-routing")
public class ReplicaRoutingProperties {

    /** A replica further behind the primary than this serves no reads until it catches up. */
    private Duration maxLag = Duration.ofSeconds(10);
    /** How often each replica's state and lag are checked. */
    private Duration checkInterval = Duration.ofSeconds(5);

    public Duration getMaxLag() {
        return maxLag;
    }

    public void setMaxLag(Duration maxLag) {
        this.maxLag = maxLag;
    }

    public Duration getCheckInterval() {
        return checkInterval;
    }

    public void setCheckInterval(Duration checkInterval) {
        this.checkInterval = checkInterval;
    }
}
