package com.patientsearch.perf;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The target check is the part of the report that fails builds: pure logic, tested without running JMH. */
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
        assertThat(BenchReport.markdown(families, targets, List.of())).contains("| fuzzyName | 4.00 | 12.50 | 30.00 | 40.00 | 90.00 | 120.00 | 7.2x | 10 |");
    }
}
