package com.patientsearch.perf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Turns JMH's JSON (one file per run) into the performance report: per family, ours against its baseline at
 * p50/p95/p99 with their ratio, each the median of the runs with the min-max spread, as Markdown and as an HTML page
 * with charts; then fails (exit 1) naming every family whose median missed its target.
 *
 * <p>Benchmarks pair by name: {@code <family>Ours} against {@code <family>Textbook} (the textbook query on the same
 * data) or, failing that, {@code <family>Uncached} (the same call without the second-level cache), or
 * {@code <family>Api} (the API's search answering the same question as a FHIR search).
 * Usage: {@code BenchReport <targets.yaml> <output dir> <jmh-result.json>...}.
 */
public final class BenchReport {

    static final String[] PERCENTILES = {"50.0", "95.0", "99.0"};
    static final String[] KEYS = {"p50", "p95", "p99"};
    static final Map<String, String> BASELINES = linked("Textbook", "textbook", "Uncached", "uncached", "Api", "the API");

    /** One benchmark's percentiles (ms) over the runs: median, min and max per percentile. */
    record Measure(double[] median, double[] min, double[] max, int runs) {

        static Measure of(List<double[]> runs) {
            double[] median = new double[KEYS.length];
            double[] min = new double[KEYS.length];
            double[] max = new double[KEYS.length];
            for (int i = 0; i < KEYS.length; i++) {
                final int p = i;
                double[] values = runs.stream().mapToDouble(r -> r[p]).sorted().toArray();
                median[i] = BenchReport.median(values);
                min[i] = values[0];
                max[i] = values[values.length - 1];
            }
            return new Measure(median, min, max, runs.size());
        }

        static Measure single(double[] values) {
            return of(List.of(values));
        }
    }

    /** One family: ours, and its baseline (absent for families without one) with what the baseline is. */
    record Family(String name, Measure ours, Measure baseline, String baselineLabel) {

        /** A single run against the textbook (or none), for tests and one-off use. */
        Family(String name, double[] ours, double[] textbook) {
            this(name, Measure.single(ours), textbook == null ? null : Measure.single(textbook),
                    textbook == null ? null : "textbook");
        }
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 3) {
            System.err.println("usage: BenchReport <targets.yaml> <output dir> <jmh-result.json>...");
            System.exit(2);
        }
        List<Path> results = Arrays.stream(args).skip(2).map(Path::of).toList();
        List<String> missed = write(Path.of(args[0]), Path.of(args[1]), results, List.of());
        if (!missed.isEmpty()) {
            System.err.println("Targets missed: " + String.join("; ", missed));
            System.exit(1);
        }
    }

    /** Writes summary.md and index.html into {@code out}; returns the missed targets (empty when all were met). */
    public static List<String> write(Path targetsFile, Path out, List<Path> results, List<String> notes) throws IOException {
        Map<String, Map<String, Number>> targets = targets(targetsFile);
        List<Family> families = order(read(results), targets);
        List<String> missed = missedTargets(families, targets);
        Files.createDirectories(out);
        String markdown = markdown(families, targets, missed, notes);
        Files.writeString(out.resolve("summary.md"), markdown);
        Files.writeString(out.resolve("index.html"), html(families, targets, missed, notes));
        System.out.println(markdown);
        return missed;
    }

    /** Every family found in the runs; a benchmark missing from some runs counts over the runs that have it. */
    static List<Family> read(List<Path> jmhJsonFiles) throws IOException {
        Map<String, List<double[]>> byMethod = new LinkedHashMap<>();
        ObjectMapper mapper = new ObjectMapper();
        for (Path file : jmhJsonFiles) {
            for (JsonNode run : mapper.readTree(file.toFile())) {
                String method = run.get("benchmark").asText().replaceAll(".*\\.", "");
                JsonNode percentiles = run.get("primaryMetric").get("scorePercentiles");
                double[] values = new double[PERCENTILES.length];
                for (int i = 0; i < PERCENTILES.length; i++) {
                    values[i] = percentiles.get(PERCENTILES[i]).asDouble();
                }
                byMethod.computeIfAbsent(method, m -> new ArrayList<>()).add(values);
            }
        }
        return pair(byMethod);
    }

    static List<Family> pair(Map<String, List<double[]>> byMethod) {
        List<Family> families = new ArrayList<>();
        byMethod.forEach((method, runs) -> {
            if (!method.endsWith("Ours")) {
                return;
            }
            String family = method.substring(0, method.length() - "Ours".length());
            Measure baseline = null;
            String label = null;
            for (Map.Entry<String, String> suffix : BASELINES.entrySet()) {
                List<double[]> other = byMethod.get(family + suffix.getKey());
                if (other != null) {
                    baseline = Measure.of(other);
                    label = suffix.getValue();
                    break;
                }
            }
            families.add(new Family(family, Measure.of(runs), baseline, label));
        });
        return families;
    }

    /** The targets file's order first (it reads as the product's list of families), then any family it lacks. */
    static List<Family> order(List<Family> families, Map<String, Map<String, Number>> targets) {
        Map<String, Family> byName = new LinkedHashMap<>();
        families.forEach(f -> byName.put(f.name(), f));
        Set<String> names = new LinkedHashSet<>(targets.keySet());
        names.retainAll(byName.keySet());
        names.addAll(byName.keySet());
        return names.stream().map(byName::get).toList();
    }

    @SuppressWarnings("unchecked")
    static Map<String, Map<String, Number>> targets(Path yaml) throws IOException {
        try (InputStream in = Files.newInputStream(yaml)) {
            Map<String, Map<String, Number>> loaded = new Yaml().load(in);
            return loaded == null ? Map.of() : loaded;
        }
    }

    /** "family p95 12.3 ms > 10 ms" for each percentile whose median is over its target. */
    static List<String> missedTargets(List<Family> families, Map<String, Map<String, Number>> targets) {
        List<String> missed = new ArrayList<>();
        for (Family family : families) {
            Map<String, Number> target = targets.get(family.name());
            if (target == null) {
                continue;
            }
            for (int i = 0; i < KEYS.length; i++) {
                Number limit = target.get(KEYS[i]);
                if (limit != null && family.ours().median()[i] > limit.doubleValue()) {
                    missed.add(String.format(Locale.ROOT, "%s %s %.2f ms > %s ms", family.name(), KEYS[i],
                            family.ours().median()[i], limit));
                }
            }
        }
        return missed;
    }

    static String markdown(List<Family> families, Map<String, Map<String, Number>> targets, List<String> missed,
                           List<String> notes) {
        int runs = families.stream().mapToInt(f -> f.ours().runs()).max().orElse(0);
        StringBuilder md = new StringBuilder();
        md.append(runs > 1
                ? "Milliseconds; each cell is the median of " + runs + " runs, (min-max) across them.\n\n"
                : "Milliseconds, one run.\n\n");
        md.append("| family | ours p50 | ours p95 | ours p99 | baseline | baseline p50 | baseline p95 | baseline p99 "
                + "| baseline/ours p50 | baseline/ours p95 | target p50/p95/p99 |\n");
        md.append("|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (Family f : families) {
            Measure b = f.baseline();
            md.append("| ").append(f.name());
            for (int i = 0; i < KEYS.length; i++) {
                md.append(" | ").append(cell(f.ours(), i));
            }
            md.append(" | ").append(b == null ? "-" : f.baselineLabel());
            for (int i = 0; i < KEYS.length; i++) {
                md.append(" | ").append(b == null ? "-" : cell(b, i));
            }
            md.append(" | ").append(ratio(f, 0)).append(" | ").append(ratio(f, 1));
            md.append(" | ").append(target(targets.get(f.name()))).append(" |\n");
        }
        md.append(missed.isEmpty() ? "\nAll targets met.\n" : "\nMissed: " + String.join("; ", missed) + "\n");
        if (!notes.isEmpty()) {
            md.append('\n');
            notes.forEach(note -> md.append("- ").append(note).append('\n'));
        }
        return md.toString();
    }

    static String ratio(Family f, int percentile) {
        return f.baseline() == null ? "-" : String.format(Locale.ROOT, "%.1fx",
                f.baseline().median()[percentile] / f.ours().median()[percentile]);
    }

    private static String cell(Measure m, int i) {
        return m.runs() > 1
                ? String.format(Locale.ROOT, "%s (%s-%s)", ms(m.median()[i]), ms(m.min()[i]), ms(m.max()[i]))
                : ms(m.median()[i]);
    }

    private static String target(Map<String, Number> target) {
        if (target == null) {
            return "-";
        }
        List<String> parts = new ArrayList<>();
        for (String key : KEYS) {
            Number value = target.get(key);
            parts.add(value == null ? "-" : value.toString());
        }
        return String.join("/", parts);
    }

    static String ms(double value) {
        return String.format(Locale.ROOT, value >= 100 ? "%.0f" : value >= 10 ? "%.1f" : "%.2f", value);
    }

    static String html(List<Family> families, Map<String, Map<String, Number>> targets, List<String> missed,
                       List<String> notes) {
        StringBuilder page = new StringBuilder("<!doctype html><html><head><meta charset='utf-8'>"
                + "<title>patient-search benchmarks</title><style>"
                + "body{font-family:sans-serif;margin:2em;max-width:1200px}table{border-collapse:collapse;margin:1em 0}"
                + "td,th{border:1px solid #ccc;padding:4px 8px;text-align:right}td:first-child,th:first-child{text-align:left}"
                + ".miss{background:#fdd}.ok{background:#dfd}</style></head><body>"
                + "<h1>patient-search: ours against the baseline</h1>");
        page.append(missed.isEmpty() ? "<p class='ok'>All targets met.</p>"
                : "<p class='miss'>Missed: " + escape(String.join("; ", missed)) + "</p>");
        page.append(chart(families, targets));
        page.append(table(families, targets, missed));
        if (!notes.isEmpty()) {
            page.append("<ul>");
            notes.forEach(n -> page.append("<li>").append(escape(n)).append("</li>"));
            page.append("</ul>");
        }
        return page.append("</body></html>").toString();
    }

    /** p50, p95 and p99 bars per family on a log scale (values span 1 ms to seconds), spread as whiskers. */
    private static String chart(List<Family> families, Map<String, Map<String, Number>> targets) {
        double max = families.stream().mapToDouble(f -> Math.max(f.ours().max()[2],
                f.baseline() == null ? 0 : f.baseline().max()[2])).max().orElse(1);
        double lo = 0.1;
        double span = Math.log10(Math.max(max, 1) / lo);
        int left = 180;
        int width = 640;
        StringBuilder svg = new StringBuilder();
        int y = 30;
        for (Family f : families) {
            svg.append(String.format(Locale.ROOT, "<text x='0' y='%d' font-weight='bold'>%s</text>", y + 10, escape(f.name())));
            y += 14;
            y = bars(svg, y, "ours", f.ours(), "#2b7", left, width, lo, span);
            if (f.baseline() != null) {
                y = bars(svg, y, f.baselineLabel(), f.baseline(), "#c54", left, width, lo, span);
            }
            Map<String, Number> target = targets.get(f.name());
            if (target != null && target.get("p95") != null) {
                int x = left + scale(target.get("p95").doubleValue(), lo, span, width);
                svg.append(String.format(Locale.ROOT, "<line x1='%d' x2='%d' y1='%d' y2='%d' stroke='#333' stroke-dasharray='3,2'/>",
                        x, x, y - 2 - (f.baseline() == null ? 36 : 72), y - 2));
            }
            y += 14;
        }
        StringBuilder axis = new StringBuilder();
        for (double tick = lo; tick <= Math.max(max, 1) * 1.0001; tick *= 10) {
            int x = left + scale(tick, lo, span, width);
            axis.append(String.format(Locale.ROOT, "<line x1='%d' x2='%d' y1='16' y2='%d' stroke='#eee'/><text x='%d' y='12'>%s ms</text>",
                    x, x, y, x - 10, ms(tick)));
        }
        return "<h2>p50 / p95 / p99 (ms, log scale; whiskers: min-max over runs; dashed: p95 target)</h2>"
                + "<svg width='" + (left + width + 120) + "' height='" + (y + 10) + "' font-size='11'>" + axis + svg + "</svg>";
    }

    private static int bars(StringBuilder svg, int y, String label, Measure m, String colour, int left, int width,
                            double lo, double span) {
        for (int i = 0; i < KEYS.length; i++) {
            int w = Math.max(1, scale(m.median()[i], lo, span, width));
            double opacity = 1.0 - 0.3 * i;
            svg.append(String.format(Locale.ROOT,
                    "<text x='20' y='%d'>%s %s</text><rect x='%d' y='%d' width='%d' height='10' fill='%s' fill-opacity='%.1f'/>",
                    y + 9, escape(label), KEYS[i], left, y, w, colour, opacity));
            if (m.runs() > 1) {
                int x1 = left + scale(m.min()[i], lo, span, width);
                int x2 = left + scale(m.max()[i], lo, span, width);
                svg.append(String.format(Locale.ROOT, "<line x1='%d' x2='%d' y1='%d' y2='%d' stroke='#000'/>", x1, x2, y + 5, y + 5));
            }
            svg.append(String.format(Locale.ROOT, "<text x='%d' y='%d'>%s</text>", left + w + 4, y + 9, ms(m.median()[i])));
            y += 12;
        }
        return y;
    }

    private static int scale(double value, double lo, double span, int width) {
        return (int) Math.round(width * Math.max(0, Math.log10(Math.max(value, lo) / lo)) / span);
    }

    private static String table(List<Family> families, Map<String, Map<String, Number>> targets, List<String> missed) {
        StringBuilder t = new StringBuilder("<h2>Table (ms)</h2><table><tr><th>family</th><th>ours p50</th><th>ours p95</th>"
                + "<th>ours p99</th><th>baseline</th><th>baseline p50</th><th>baseline p95</th><th>baseline p99</th>"
                + "<th>baseline/ours p50</th><th>baseline/ours p95</th><th>target p50/p95/p99</th></tr>");
        for (Family f : families) {
            boolean miss = missed.stream().anyMatch(m -> m.startsWith(f.name() + " "));
            t.append("<tr class='").append(miss ? "miss" : targets.containsKey(f.name()) ? "ok" : "").append("'><td>")
                    .append(escape(f.name())).append("</td>");
            for (int i = 0; i < KEYS.length; i++) {
                t.append("<td>").append(cell(f.ours(), i)).append("</td>");
            }
            t.append("<td>").append(f.baseline() == null ? "-" : f.baselineLabel()).append("</td>");
            for (int i = 0; i < KEYS.length; i++) {
                t.append("<td>").append(f.baseline() == null ? "-" : cell(f.baseline(), i)).append("</td>");
            }
            t.append("<td>").append(ratio(f, 0)).append("</td><td>").append(ratio(f, 1)).append("</td><td>")
                    .append(target(targets.get(f.name()))).append("</td></tr>");
        }
        return t.append("</table>").toString();
    }

    static double median(double[] sorted) {
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private static Map<String, String> linked(String... pairs) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put(pairs[i], pairs[i + 1]);
        }
        return map;
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
