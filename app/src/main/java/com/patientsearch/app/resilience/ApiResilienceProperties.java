package com.patientsearch.app.resilience;

import io.micronaut.context.annotation.ConfigurationProperties;

import java.time.Duration;

/** How the API answers when the database cannot serve a request now. */
@ConfigurationProperties("api.resilience")
public class ApiResilienceProperties {

    /** Sent as {@code Retry-After} with every 503 (whole seconds, at least 1). */
    private Duration retryAfter = Duration.ofSeconds(2);

    public Duration getRetryAfter() {
        return retryAfter;
    }

    public void setRetryAfter(Duration retryAfter) {
        this.retryAfter = retryAfter;
    }
}
