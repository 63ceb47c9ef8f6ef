package com.patientsearch.operations.monitoring;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.util.Map;

/** One index, table or session problem with its evidence and the SQL that would fix it (table: null when none is concerned). */
@Serdeable
public record HealthFinding(String check, @Nullable String table, String object, Map<String, Object> evidence, String fix) {
}
