package com.patientsearch.app.admin;

import com.patientsearch.operations.monitoring.PoolSnapshot;
import com.patientsearch.operations.monitoring.PoolStats;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.AbstractHealthIndicator;
import io.micronaut.management.health.indicator.annotation.Readiness;
import jakarta.inject.Singleton;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Pool saturation in /health. DOWN only when the pool is exhausted and requests are queueing for a connection:
 * a busy but coping pool stays UP with its numbers shown.
 */
@Singleton
@Readiness
class PoolHealthIndicator extends AbstractHealthIndicator<Map<String, Object>> {

    private final PoolStats pools;

    PoolHealthIndicator(PoolStats pools) {
        this.pools = pools;
    }

    @Override
    protected Map<String, Object> getHealthInformation() {
        Map<String, Object> details = new LinkedHashMap<>();
        HealthStatus status = HealthStatus.UP;
        for (PoolSnapshot pool : pools.snapshots()) {
            boolean exhausted = pool.active() >= pool.maxSize() && pool.awaiting() > 0;
            if (exhausted) {
                status = HealthStatus.DOWN;
            }
            details.put(pool.datasource(), Map.of("max", pool.maxSize(), "active", pool.active(),
                    "available", pool.available(), "awaiting", pool.awaiting(),
                    "saturation", Math.round(pool.saturation() * 100) / 100.0));
        }
        this.healthStatus = status;
        return details;
    }

    @Override
    protected String getName() {
        return "connectionPool";
    }
}
