package com.patientsearch.operations.monitoring;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

/**
 * One pg_stat_statements entry. {@code family} is the same name slow-query alerts use, so a statement here and an
 * alert there are recognisably the same application query. {@code cacheHitRatio} is null before any block access.
 */
@Serdeable
public record StatementStat(String family, String query, long calls, double totalTimeMs, double meanTimeMs,
                            double maxTimeMs, long rows, @Nullable Double cacheHitRatio, long sharedBlocksRead) {
}
