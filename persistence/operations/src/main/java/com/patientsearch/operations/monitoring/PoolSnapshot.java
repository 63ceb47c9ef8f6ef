package com.patientsearch.operations.monitoring;

import io.micronaut.serde.annotation.Serdeable;

/** The Agroal pool right now, for /api/v1/admin/db/pool and the health indicator. */
@Serdeable
public record PoolSnapshot(String datasource, int maxSize, long active, long available, long awaiting, long maxUsed,
                           long created, long destroyed, long leaksDetected, long invalid, long reaped,
                           long acquired, double blockingTimeAverageMs, double blockingTimeMaxMs, double saturation) {
}
