package com.patientsearch.perf;

import com.patientsearch.perf.search.ContactSearchBenchmark;
import com.patientsearch.perf.search.DeepPageBenchmark;
import com.patientsearch.perf.search.NameSearchBenchmark;
import com.patientsearch.perf.search.RecordBenchmark;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openjdk.jmh.annotations.Benchmark;

import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The report's logic (pairing, medians over runs, targets) is what fails builds: tested without running JMH. */
class BenchReportTest {

    @Test
    void namesEveryMissedPercentileAndOnlyThose() {
        List<BenchReport.Family> families = List.of(
                new BenchReport.Family("fuzzyName", new double[] {4, 12.5, 30}, new double[] {40, 90, 120}),
                new BenchReport.Family("phoneLastDigits", new double[] {1, 2, 3}, null));
        Map<String, Map<String, Number>> targets = Map.of(
                "fuzzyName", Map.of("p50", 6, "p95", 10, "p99", 20),
                "phoneLastDigits", Map.of("p95", 8));
        assertThat(BenchReport.missedTargets(families, targets))
                .containsExactly("fuzzyName p95 12.50 ms > 10 ms", "fuzzyName p99 30.00 ms > 20 ms");
        assertThat(BenchReport.markdown(families, targets, List.of(), List.of()))
                .contains("| fuzzyName | 4.00 | 12.5 | 30.0 | textbook | 40.0 | 90.0 | 120 | 10.0x | 7.2x | 6/10/20 |")
                .contains("| phoneLastDigits | 1.00 | 2.00 | 3.00 | - | - | - | - | - | - | -/8/- |");
    }

    @Test
    void medianOfTheRunsWithTheirSpreadAndTheBaselineByName(@TempDir Path dir) throws IOException {
        List<Path> runs = new ArrayList<>();
        double[][] ours = {{4, 8, 12}, {9, 11, 30}, {5, 9, 13}};
        for (int i = 0; i < ours.length; i++) {
            Path file = dir.resolve("run" + i + ".json");
            Files.writeString(file, "[" + jmh("RecordBenchmark.patientRecordOurs", ours[i]) + ","
                    + jmh("RecordBenchmark.patientRecordUncached", new double[] {6, 10, 14}) + ","
                    + jmh("ContactSearchBenchmark.mrnOurs", new double[] {1, 2, 3}) + "]");
            runs.add(file);
        }
        List<BenchReport.Family> families = BenchReport.read(runs);
        BenchReport.Family record = families.stream().filter(f -> f.name().equals("patientRecord")).findFirst().orElseThrow();
        assertThat(record.ours().median()).containsExactly(5, 9, 13);
        assertThat(record.ours().min()).containsExactly(4, 8, 12);
        assertThat(record.ours().max()).containsExactly(9, 11, 30);
        assertThat(record.baselineLabel()).isEqualTo("uncached");
        assertThat(record.baseline().runs()).isEqualTo(3);
        BenchReport.Family mrn = families.stream().filter(f -> f.name().equals("mrn")).findFirst().orElseThrow();
        assertThat(mrn.baseline()).isNull();

        String markdown = BenchReport.markdown(families, Map.of(), List.of(), List.of("run 1: load 1.5"));
        assertThat(markdown).contains("median of 3 runs")
                .contains("| patientRecord | 5.00 (4.00-9.00) | 9.00 (8.00-11.0) | 13.0 (12.0-30.0) | uncached |")
                .contains("| 1.2x | 1.1x |")
                .contains("- run 1: load 1.5");
    }

    @Test
    void writesBothReportsAndOrdersFamiliesAsTheTargetsFileDoes(@TempDir Path dir) throws IOException {
        Path run = dir.resolve("run.json");
        Files.writeString(run, "[" + jmh("B.zetaOurs", new double[] {1, 2, 3}) + "," + jmh("B.alphaOurs", new double[] {1, 2, 3}) + "]");
        Path targets = dir.resolve("targets.yaml");
        Files.writeString(targets, "alpha: {p50: 1, p95: 1, p99: 1}\nzeta: {p50: 9, p95: 9, p99: 9}\n");
        List<String> missed = BenchReport.write(targets, dir.resolve("report"), List.of(run), List.of());
        assertThat(missed).containsExactly("alpha p95 2.00 ms > 1 ms", "alpha p99 3.00 ms > 1 ms");
        String md = Files.readString(dir.resolve("report/summary.md"));
        assertThat(md.indexOf("| alpha |")).isLessThan(md.indexOf("| zeta |"));
        assertThat(Files.readString(dir.resolve("report/index.html"))).contains("<svg").contains("<table>").contains("alpha p95");
    }

    @Test
    void everyFamilyTheSuitesMeasureHasAnOrderedTargetInTheTargetsFile() throws IOException {
        Map<String, Map<String, Number>> targets = BenchReport.targets(Path.of("targets.yaml"));
        List<String> families = Stream.of(NameSearchBenchmark.class, ContactSearchBenchmark.class,
                        RecordBenchmark.class, DeepPageBenchmark.class)
                .flatMap(c -> Stream.of(c.getMethods()))
                .filter(m -> m.isAnnotationPresent(Benchmark.class))
                .map(Method::getName)
                .filter(n -> n.endsWith("Ours"))
                .map(n -> n.substring(0, n.length() - "Ours".length()))
                .toList();
        assertThat(families).contains("fuzzyName", "nameAndDob", "namePrefix", "phoneLastDigits", "phoneFull", "email",
                "mrn", "patientRecord", "patientEntity", "providerDay", "patientAppointments", "deepPage1", "deepPage1000");
        assertThat(targets.keySet()).containsAll(families);
        for (String family : families) {
            Map<String, Number> t = targets.get(family);
            assertThat(t).as(family).containsKeys("p50", "p95", "p99");
            assertThat(t.get("p50").doubleValue()).as(family).isPositive().isLessThanOrEqualTo(t.get("p95").doubleValue());
            assertThat(t.get("p95").doubleValue()).as(family).isLessThanOrEqualTo(t.get("p99").doubleValue());
        }
    }

    @Test
    void modesChooseTheirOptionsAndRunsUnlessTold() {
        assertThat(BenchSuite.Plan.of(null, null, null)).isEqualTo(
                new BenchSuite.Plan("short", List.of(BenchSuite.SHORT_ARGS.split(" ")), 1));
        assertThat(BenchSuite.Plan.of("full", "", "").runs()).isEqualTo(3);
        assertThat(BenchSuite.Plan.of("full", "-f 1 -i 1", "2"))
                .isEqualTo(new BenchSuite.Plan("full", List.of("-f", "1", "-i", "1"), 2));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> BenchSuite.Plan.of("medium", null, null))
                .hasMessageContaining("short or full");
    }

    private static String jmh(String benchmark, double[] p) {
        return """
                {"benchmark": "com.patientsearch.perf.search.%s", "mode": "sample",
                 "primaryMetric": {"score": 1.0, "scoreUnit": "ms/op",
                   "scorePercentiles": {"0.0": 0.5, "50.0": %s, "90.0": 1.0, "95.0": %s, "99.0": %s, "100.0": 99.0}}}"""
                .formatted(benchmark, p[0], p[1], p[2]);
    }
}
