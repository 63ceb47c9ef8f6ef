package com.patientsearch.perf.load;

import org.HdrHistogram.Histogram;

import java.util.EnumMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * One worker's measurements (no sharing, no locks while measuring), merged per level afterwards. Latencies are
 * recorded in microseconds: end-to-end as the client saw it, the database time the service reported for the same
 * request (Server-Timing: db), and their difference, the HTTP-over-database overhead.
 */
final class Recorder {

    private static final long HIGHEST_MICROS = 3_600_000_000L;

    final Histogram endToEnd = histogram();
    final Histogram database = histogram();
    final Histogram overhead = histogram();
    final Map<RequestMix.Kind, Histogram> endToEndByKind = new EnumMap<>(RequestMix.Kind.class);
    final Map<RequestMix.Kind, Histogram> databaseByKind = new EnumMap<>(RequestMix.Kind.class);
    final Map<RequestMix.Kind, Histogram> overheadByKind = new EnumMap<>(RequestMix.Kind.class);
    /** "200", "404", "503", or "io:<exception>" for requests that got no response. */
    final Map<String, Long> outcomes = new TreeMap<>();
    long requests;
    long withDbTime;
    long endToEndMicrosSum;
    long databaseMicrosSum;

    static Histogram histogram() {
        return new Histogram(HIGHEST_MICROS, 3);
    }

    /** A response; {@code dbMicros} is negative when the service sent no Server-Timing. */
    void record(RequestMix.Kind kind, int status, long endToEndMicros, long dbMicros) {
        requests++;
        outcomes.merge(String.valueOf(status), 1L, Long::sum);
        long e2e = clamp(endToEndMicros);
        endToEnd.recordValue(e2e);
        endToEndByKind.computeIfAbsent(kind, k -> histogram()).recordValue(e2e);
        if (dbMicros >= 0) {
            long db = clamp(dbMicros);
            withDbTime++;
            endToEndMicrosSum += e2e;
            databaseMicrosSum += db;
            database.recordValue(db);
            databaseByKind.computeIfAbsent(kind, k -> histogram()).recordValue(db);
            overhead.recordValue(Math.max(0, e2e - db));
            overheadByKind.computeIfAbsent(kind, k -> histogram()).recordValue(Math.max(0, e2e - db));
        }
    }

    /** A request that got no response at all (refused, reset, timed out). */
    void failure(RequestMix.Kind kind, Throwable error, long endToEndMicros) {
        requests++;
        outcomes.merge("io:" + error.getClass().getSimpleName(), 1L, Long::sum);
        endToEnd.recordValue(clamp(endToEndMicros));
    }

    void add(Recorder other) {
        endToEnd.add(other.endToEnd);
        database.add(other.database);
        overhead.add(other.overhead);
        other.endToEndByKind.forEach((k, h) -> endToEndByKind.computeIfAbsent(k, x -> histogram()).add(h));
        other.databaseByKind.forEach((k, h) -> databaseByKind.computeIfAbsent(k, x -> histogram()).add(h));
        other.overheadByKind.forEach((k, h) -> overheadByKind.computeIfAbsent(k, x -> histogram()).add(h));
        other.outcomes.forEach((k, v) -> outcomes.merge(k, v, Long::sum));
        requests += other.requests;
        withDbTime += other.withDbTime;
        endToEndMicrosSum += other.endToEndMicrosSum;
        databaseMicrosSum += other.databaseMicrosSum;
    }

    /** Responses outside 2xx plus requests without a response. */
    long errors() {
        return outcomes.entrySet().stream().filter(e -> !e.getKey().startsWith("2")).mapToLong(Map.Entry::getValue).sum();
    }

    private static long clamp(long micros) {
        return Math.max(0, Math.min(micros, HIGHEST_MICROS));
    }

    /** {@code db;dur=12.345} (milliseconds, the W3C Server-Timing syntax) as microseconds; -1 if absent. */
    static long dbMicros(String serverTiming) {
        if (serverTiming == null) {
            return -1;
        }
        for (String metric : serverTiming.split(",")) {
            String[] parts = metric.strip().split(";");
            if (!parts[0].strip().equals("db")) {
                continue;
            }
            for (int i = 1; i < parts.length; i++) {
                String p = parts[i].strip();
                if (p.startsWith("dur=")) {
                    try {
                        return Math.round(Double.parseDouble(p.substring(4)) * 1000);
                    } catch (NumberFormatException e) {
                        return -1;
                    }
                }
            }
        }
        return -1;
    }
}
