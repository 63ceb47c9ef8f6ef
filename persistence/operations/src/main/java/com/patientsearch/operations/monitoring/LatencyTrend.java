package com.patientsearch.operations.monitoring;

import io.micronaut.serde.annotation.Serdeable;

import java.time.Instant;
import java.util.List;

/** One family's interval means over time, oldest first, for the dashboard's chart. */
@Serdeable
public record LatencyTrend(String family, String query, List<Point> points) {

    @Serdeable
    public record Point(Instant at, double meanMs, long calls) {
    }
}
