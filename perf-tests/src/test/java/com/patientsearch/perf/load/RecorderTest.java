package com.patientsearch.perf.load;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Per-worker recordings merge into one level: percentiles, outcomes, database time and its share. */
class RecorderTest {

    @Test
    void workersMergeIntoOneLevel() {
        Recorder a = new Recorder();
        Recorder b = new Recorder();
        for (int i = 1; i <= 90; i++) {
            a.record(RequestMix.Kind.NAME, 200, i * 1000L, i * 500L); // 1..90 ms, half of it in the database
        }
        for (int i = 91; i <= 100; i++) {
            b.record(RequestMix.Kind.RECORD, 503, i * 1000L, -1); // no Server-Timing
        }
        b.failure(RequestMix.Kind.PHONE, new java.net.http.HttpTimeoutException("t"), 30_000_000L);
        Recorder level = new Recorder();
        level.add(a);
        level.add(b);

        assertThat(level.requests).isEqualTo(101);
        assertThat(level.outcomes).containsExactlyEntriesOf(new java.util.TreeMap<>(Map.of(
                "200", 90L, "503", 10L, "io:HttpTimeoutException", 1L)));
        assertThat(level.errors()).isEqualTo(11);
        LevelResult result = LevelResult.of(1, 8, 10.0, level, PoolSampler.PoolStats.none(), 202e6, Double.NaN, 1.0, 1.5);
        assertThat(result.throughput()).isCloseTo(10.1, within(0.001));
        assertThat(result.endToEnd()[0]).isCloseTo(51, within(0.1));      // p50 of 1..100 ms and one 30 s
        assertThat(result.endToEnd()[3]).isCloseTo(30_000, within(30.0)); // max
        assertThat(result.withDbTime()).isEqualTo(90);
        assertThat(result.db()[0]).isCloseTo(22.5, within(0.1));          // p50 of 0.5..45 ms
        assertThat(result.overhead()[0]).isCloseTo(22.5, within(0.1));
        assertThat(result.dbShare()).isCloseTo(0.5, within(0.001));
        assertThat(result.serviceCpuMs()).isCloseTo(2.0, within(0.001)); // 202 ms of CPU over 101 requests
        assertThat(result.postgresCpuMs()).isNaN();
        assertThat(level.endToEndByKind).containsOnlyKeys(RequestMix.Kind.NAME, RequestMix.Kind.RECORD);
        assertThat(level.databaseByKind).containsOnlyKeys(RequestMix.Kind.NAME);
        assertThat(level.overheadByKind.get(RequestMix.Kind.NAME).getValueAtPercentile(50)).isCloseTo(22_500, within(50L));
    }

    @Test
    void serverTimingIsReadInMicroseconds() {
        assertThat(Recorder.dbMicros("db;dur=12.345")).isEqualTo(12_345);
        assertThat(Recorder.dbMicros("cache;desc=hit, db;desc=\"sql\";dur=0.5")).isEqualTo(500);
        assertThat(Recorder.dbMicros("app;dur=3")).isEqualTo(-1);
        assertThat(Recorder.dbMicros(null)).isEqualTo(-1);
        assertThat(Recorder.dbMicros("db;dur=abc")).isEqualTo(-1);
    }

    @Test
    void repeatsReportTheirMedianAndSpread() {
        List<LevelResult> repeats = List.of(result(100), result(300), result(200));
        assertThat(LoadReport.figure(repeats, LevelResult::throughput, "%.0f")).isEqualTo("200 (100-300)");
        assertThat(LoadReport.figure(repeats.subList(0, 1), LevelResult::throughput, "%.0f")).isEqualTo("100");
        assertThat(LoadReport.figure(repeats, r -> Double.NaN, "%.0f")).isEqualTo("n/a");
        assertThat(LoadReport.errors(repeats)).isEqualTo("3 of 30 (503: 3)");
    }

    @Test
    void poolMetersAreReadFromPrometheusText() throws IOException {
        Map<String, Double> values = PoolSampler.parse("""
                # HELP agroal_connections_active Connections in use
                # TYPE agroal_connections_active gauge
                agroal_connections_active{datasource="default"} 3.0
                agroal_acquisition_seconds_sum{datasource="default"} 0.25
                process_uptime_seconds 12.5
                """);
        assertThat(values).containsEntry("agroal_connections_active" + PoolSampler.LABEL, 3.0)
                .containsEntry("agroal_acquisition_seconds_sum" + PoolSampler.LABEL, 0.25)
                .containsEntry("process_uptime_seconds", 12.5)
                .hasSize(3);
    }

    private static LevelResult result(double throughput) {
        return new LevelResult(1, 8, 10, 10, throughput, new double[] {1, 2, 3, 4}, Map.of("200", 9L, "503", 1L), 1, 0,
                new double[] {Double.NaN, Double.NaN, Double.NaN, Double.NaN}, new double[4], Double.NaN,
                PoolSampler.PoolStats.none(), Double.NaN, Double.NaN, 1, 1);
    }
}
