package com.patientsearch.persistence.cache;

import io.micronaut.context.annotation.EachProperty;
import io.micronaut.context.annotation.Parameter;

import java.time.Duration;
import java.util.Optional;

/** {@code cache.regions.<region>}: overrides the Infinispan file's size and expiry for one region. */
@EachProperty("cache.regions")
public class CacheRegionProperties {

    private final String name;
    private Long maxEntries;
    private Duration maxIdle;
    private Duration lifespan;

    public CacheRegionProperties(@Parameter String name) {
        this.name = name;
    }

    public String getName() {
        return name;
    }

    public Optional<Long> getMaxEntries() {
        return Optional.ofNullable(maxEntries);
    }

    public void setMaxEntries(Long maxEntries) {
        this.maxEntries = maxEntries;
    }

    public Optional<Duration> getMaxIdle() {
        return Optional.ofNullable(maxIdle);
    }

    public void setMaxIdle(Duration maxIdle) {
        this.maxIdle = maxIdle;
    }

    public Optional<Duration> getLifespan() {
        return Optional.ofNullable(lifespan);
    }

    public void setLifespan(Duration lifespan) {
        this.lifespan = lifespan;
    }
}
