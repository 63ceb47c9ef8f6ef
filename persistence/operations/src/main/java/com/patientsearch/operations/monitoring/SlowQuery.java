package com.patientsearch.operations.monitoring;

import io.micronaut.serde.annotation.Serdeable;

import java.time.Instant;

/** One slow-query alert as the admin list shows it: the statement's shape, never its values. */
@Serdeable
public record SlowQuery(Instant at, String family, String sql, long durationMs, Long rows, String endpoint,
                        boolean read) {
}
