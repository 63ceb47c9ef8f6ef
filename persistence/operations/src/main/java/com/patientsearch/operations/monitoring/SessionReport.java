package com.patientsearch.operations.monitoring;

import io.micronaut.serde.annotation.Serdeable;

import java.util.List;
import java.util.Map;

/** Connections to this database by state, and the sessions that hold work up. */
@Serdeable
public record SessionReport(Map<String, Long> connectionsByState, List<HealthFinding> findings) {
}
