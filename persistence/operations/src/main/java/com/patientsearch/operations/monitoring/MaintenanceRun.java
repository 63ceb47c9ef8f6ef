package com.patientsearch.operations.monitoring;

import io.micronaut.serde.annotation.Serdeable;

import java.time.Instant;

/** One maintenance statement run: what, on what, how long, and how it ended ("ok" or "failed: SQLState ..."). */
@Serdeable
public record MaintenanceRun(Instant at, String job, String target, String sql, long durationMs, String outcome,
                             String trigger) {
}
