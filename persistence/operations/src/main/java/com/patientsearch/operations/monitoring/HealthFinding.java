package com.patientsearch.operations.monitoring;

import io.micronaut.serde.annotation.Serdeable;

import java.util.Map;

/** One index, table or session problem with its evidence and the SQL that would fix it. */
@Serdeable
public record HealthFinding(String check, String table, String object, Map<String, Object> evidence, String fix) {
}
