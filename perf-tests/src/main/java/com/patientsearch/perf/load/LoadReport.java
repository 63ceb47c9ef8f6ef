package com.patientsearch.perf.load;

import org.HdrHistogram.Histogram;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;

/** The load test's Markdown: per level the median of the repeats with (min-max), then per request kind. */
final class LoadReport {

    private LoadReport() {
    }

    /** Median over the repeats of one figure, with its spread when there is more than one repeat. */
    static String figure(List<LevelResult> repeats, ToDoubleFunction<LevelResult> value, String format) {
        double[] values = repeats.stream().mapToDouble(value).filter(v -> !Double.isNaN(v)).sorted().toArray();
        if (values.length == 0) {
            return "n/a";
        }
        String median = String.format(Locale.ROOT, format, median(values));
        return values.length == 1 ? median : median + String.format(Locale.ROOT, " (" + format + "-" + format + ")",
                values[0], values[values.length - 1]);
    }

    static double median(double[] sorted) {
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    /** Results grouped by concurrency, levels in the order they ran. */
    static Map<Integer, List<LevelResult>> byLevel(List<LevelResult> results) {
        Map<Integer, List<LevelResult>> levels = new LinkedHashMap<>();
        results.forEach(r -> levels.computeIfAbsent(r.concurrency(), c -> new ArrayList<>()).add(r));
        return levels;
    }

    static String markdown(LoadOptions options, List<String> header, List<LevelResult> results,
                           Map<Integer, Recorder> mergedByLevel) {
        StringBuilder md = new StringBuilder("# Load test\n\n");
        header.forEach(line -> md.append("- ").append(line).append('\n'));
        int repeats = options.repeats();
        md.append('\n').append(repeats > 1
                ? "Each cell: median of " + repeats + " repeats, (min-max) across them. Milliseconds unless stated.\n\n"
                : "One repeat. Milliseconds unless stated.\n\n");
        md.append("| concurrency | req/s | p50 | p95 | p99 | max | errors | db p50 | db p95 | HTTP-over-db p50 | "
                + "HTTP-over-db p95 | db share of time | pool in use mean (max) / size | waiting for a connection mean (max) "
                + "| acquire mean | service CPU per request | PostgreSQL CPU per request | load avg |\n");
        md.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        byLevel(results).forEach((level, runs) -> {
            LevelResult any = runs.get(0);
            md.append("| ").append(level)
                    .append(" | ").append(figure(runs, LevelResult::throughput, "%.0f"))
                    .append(" | ").append(figure(runs, r -> r.endToEnd()[0], "%.1f"))
                    .append(" | ").append(figure(runs, r -> r.endToEnd()[1], "%.1f"))
                    .append(" | ").append(figure(runs, r -> r.endToEnd()[2], "%.1f"))
                    .append(" | ").append(figure(runs, r -> r.endToEnd()[3], "%.0f"))
                    .append(" | ").append(errors(runs))
                    .append(" | ").append(figure(runs, r -> r.db()[0], "%.1f"))
                    .append(" | ").append(figure(runs, r -> r.db()[1], "%.1f"))
                    .append(" | ").append(figure(runs, r -> r.overhead()[0], "%.1f"))
                    .append(" | ").append(figure(runs, r -> r.overhead()[1], "%.1f"))
                    .append(" | ").append(figure(runs, r -> r.dbShare() * 100, "%.0f%%"))
                    .append(" | ").append(figure(runs, r -> r.pool().activeMean(), "%.1f"))
                    .append(" (").append(figure(runs, r -> r.pool().activeMax(), "%.0f")).append(") / ")
                    .append(Double.isNaN(any.pool().maxSize()) ? "n/a" : String.format(Locale.ROOT, "%.0f", any.pool().maxSize()))
                    .append(" | ").append(figure(runs, r -> r.pool().awaitingMean(), "%.1f"))
                    .append(" (").append(figure(runs, r -> r.pool().awaitingMax(), "%.0f")).append(")")
                    .append(" | ").append(figure(runs, r -> r.pool().acquireMeanMs(), "%.2f"))
                    .append(" | ").append(figure(runs, LevelResult::serviceCpuMs, "%.2f"))
                    .append(" | ").append(figure(runs, LevelResult::postgresCpuMs, "%.2f"))
                    .append(" | ").append(figure(runs, LevelResult::loadBefore, "%.1f")).append(" |\n");
        });
        md.append("\nSecond-level cache hit ratio per region during each level (hits / reads, from /metrics; first repeat):\n\n");
        byLevel(results).forEach((level, runs) -> {
            Map<String, Double> ratios = runs.get(0).pool().cacheHitRatio();
            md.append("- ").append(level).append(": ").append(ratios.isEmpty() ? "n/a (no /metrics or no cache reads)"
                    : String.join(", ", ratios.entrySet().stream().map(e -> String.format(Locale.ROOT, "%s %.0f%%",
                            e.getKey(), e.getValue() * 100)).toList())).append('\n');
        });
        md.append("\nPer request kind (all repeats together), end-to-end against the database time of the same requests:\n\n");
        md.append("| concurrency | kind | requests | e2e p50 | e2e p95 | db p50 | db p95 | HTTP-over-db p50 | HTTP-over-db p95 |\n"
                + "|---|---|---|---|---|---|---|---|---|\n");
        mergedByLevel.forEach((level, merged) -> {
            for (RequestMix.Kind kind : RequestMix.Kind.values()) {
                Histogram e2e = merged.endToEndByKind.get(kind);
                if (e2e == null) {
                    continue;
                }
                double[] e = LevelResult.percentiles(e2e);
                Histogram dbh = merged.databaseByKind.get(kind);
                double[] d = dbh == null ? new double[] {Double.NaN, Double.NaN} : LevelResult.percentiles(dbh);
                Histogram oh = merged.overheadByKind.get(kind);
                double[] o = oh == null ? new double[] {Double.NaN, Double.NaN} : LevelResult.percentiles(oh);
                md.append(String.format(Locale.ROOT, "| %d | %s | %d | %.1f | %.1f | %s | %s | %s | %s |%n", level, kind.label,
                        e2e.getTotalCount(), e[0], e[1], num(d[0]), num(d[1]), num(o[0]), num(o[1])));
            }
        });
        return md.toString();
    }

    /** Error count with the outcomes behind it, e.g. {@code 3 (503: 2, io:HttpTimeoutException: 1)}. */
    static String errors(List<LevelResult> runs) {
        long total = runs.stream().mapToLong(LevelResult::errors).sum();
        long requests = runs.stream().mapToLong(LevelResult::requests).sum();
        if (total == 0) {
            return "0";
        }
        Map<String, Long> byOutcome = new TreeMap<>();
        runs.forEach(r -> r.outcomes().forEach((k, v) -> {
            if (!k.startsWith("2")) {
                byOutcome.merge(k, v, Long::sum);
            }
        }));
        List<String> parts = new ArrayList<>();
        byOutcome.forEach((k, v) -> parts.add(k + ": " + v));
        return String.format(Locale.ROOT, "%d of %d (%s)", total, requests, String.join(", ", parts));
    }

    private static String num(double v) {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.1f", v);
    }

    static String levels(List<Integer> levels) {
        return Arrays.toString(levels.toArray());
    }
}
