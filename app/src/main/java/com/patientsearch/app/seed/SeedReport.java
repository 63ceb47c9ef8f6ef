package com.patientsearch.app.seed;

import com.patientsearch.app.bulk.Progress;

import java.time.Duration;
import java.util.Map;

/** Rows written per table, and how long it took. */
record SeedReport(Map<String, Long> rows, Duration elapsed) {

    long totalRows() {
        return rows.values().stream().mapToLong(Long::longValue).sum();
    }

    String summary() {
        StringBuilder out = new StringBuilder("Seeded:\n");
        rows.forEach((table, count) -> out.append(String.format(java.util.Locale.ROOT, "  %-13s %,12d%n", table, count)));
        out.append(String.format(java.util.Locale.ROOT, "  %-13s %,12d rows in %.1f s (%s)%n", "total", totalRows(),
                elapsed.toMillis() / 1000.0, Progress.rate(totalRows(), elapsed)));
        return out.toString();
    }
}
