package com.patientsearch.perf.load;

import org.HdrHistogram.Histogram;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One concurrency level of one repeat, in milliseconds. {@code db} and {@code overhead} cover the responses that
 * carried Server-Timing; {@code dbShare} is their summed database time over their summed end-to-end time.
 * {@code serviceCpuMs} and {@code postgresCpuMs}: CPU time of the service's process and of PostgreSQL per request of
 * the level (NaN when their process ids were not given).
 */
record LevelResult(int repeat, int concurrency, double seconds, long requests, double throughput,
                   double[] endToEnd, Map<String, Long> outcomes, long errors, long withDbTime, double[] db,
                   double[] overhead, double dbShare, PoolSampler.PoolStats pool, double serviceCpuMs,
                   double postgresCpuMs, double loadBefore, double loadAfter) {

    /** p50, p95, p99, max. */
    static double[] percentiles(Histogram h) {
        if (h.getTotalCount() == 0) {
            return new double[] {Double.NaN, Double.NaN, Double.NaN, Double.NaN};
        }
        return new double[] {h.getValueAtPercentile(50) / 1000.0, h.getValueAtPercentile(95) / 1000.0,
                h.getValueAtPercentile(99) / 1000.0, h.getMaxValue() / 1000.0};
    }

    /** {@code serviceCpuNanos}, {@code postgresCpuNanos}: CPU time spent during the level, NaN when unknown. */
    static LevelResult of(int repeat, int concurrency, double seconds, Recorder r, PoolSampler.PoolStats pool,
                          double serviceCpuNanos, double postgresCpuNanos, double loadBefore, double loadAfter) {
        return new LevelResult(repeat, concurrency, seconds, r.requests, seconds > 0 ? r.requests / seconds : 0,
                percentiles(r.endToEnd), new LinkedHashMap<>(r.outcomes), r.errors(), r.withDbTime,
                percentiles(r.database), percentiles(r.overhead),
                r.endToEndMicrosSum == 0 ? Double.NaN : (double) r.databaseMicrosSum / r.endToEndMicrosSum,
                pool, perRequestMs(serviceCpuNanos, r.requests), perRequestMs(postgresCpuNanos, r.requests),
                loadBefore, loadAfter);
    }

    private static double perRequestMs(double nanos, long requests) {
        return requests == 0 ? Double.NaN : nanos / 1e6 / requests;
    }
}
