package com.patientsearch.operations.monitoring;

import io.micronaut.serde.annotation.Serdeable;

import java.time.Instant;

/** A query family whose mean latency over the last interval grew beyond its baseline × factor. */
@Serdeable
public record LatencyDegradation(Instant at, String family, String query, double intervalMeanMs, double baselineMs,
                                 double ratio, long intervalCalls) {
}
