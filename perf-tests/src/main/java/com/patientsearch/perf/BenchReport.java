package com.patientsearch.perf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns JMH's JSON into the performance report: per family, ours vs textbook at p50/p95/p99 and their ratio, as
 * Markdown and as an HTML page with bar charts, then fails (exit 1) naming every family that missed its target.
 * Usage: {@code BenchReport <jmh-result.json> <targets.yaml> <output dir>}.
 */
public final class BenchReport {

    static final String[] PERCENTILES = {"50.0", "95.0", "99.0"};

    /** One family's measured percentiles (ms), ours and textbook (textbook may be absent). */
    record Family(String name, double[] ours, double[] textbook) {
    }

    public static void main(String[] args) throws IOException {
        List<Family> families = read(Path.of(args[0]));
        Map<String, Map<String, Number>> targets = targets(Path.of(args[1]));
        Path out = Path.of(args[2]);
        Files.createDirectories(out);
        List<String> missed = missedTargets(families, targets);
        Files.writeString(out.resolve("summary.md"), markdown(families, targets, missed));
        Files.writeString(out.resolve("index.html"), html(families, targets, missed));
        System.out.println(markdown(families, targets, missed));
        if (!missed.isEmpty()) {
            System.err.println("Targets missed: " + String.join("; ", missed));
            System.exit(1);
        }
    }

    static List<Family> read(Path jmhJson) throws IOException {
        Map<String, double[]> byName = new LinkedHashMap<>();
        for (JsonNode run : new ObjectMapper().readTree(jmhJson.toFile())) {
            String method = run.get("benchmark").asText().replaceAll(".*\\.", "");
            JsonNode percentiles = run.get("primaryMetric").get("scorePercentiles");
            double[] values = new double[PERCENTILES.length];
            for (int i = 0; i < PERCENTILES.length; i++) {
                values[i] = percentiles.get(PERCENTILES[i]).asDouble();
            }
            byName.put(method, values);
        }
        List<Family> families = new ArrayList<>();
        byName.forEach((method, values) -> {
            if (method.endsWith("Ours")) {
                String family = method.substring(0, method.length() - "Ours".length());
                families.add(new Family(family, values, byName.get(family + "Textbook")));
            }
        });
        return families;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Map<String, Number>> targets(Path yaml) throws IOException {
        try (InputStream in = Files.newInputStream(yaml)) {
            Map<String, Map<String, Number>> loaded = new Yaml().load(in);
            return loaded == null ? Map.of() : loaded;
        }
    }

    /** "family p95 12.3 ms > 10 ms" for each percentile over its target. */
    static List<String> missedTargets(List<Family> families, Map<String, Map<String, Number>> targets) {
        List<String> missed = new ArrayList<>();
        for (Family family : families) {
            Map<String, Number> target = targets.get(family.name());
            if (target == null) {
                continue;
            }
            String[] keys = {"p50", "p95", "p99"};
            for (int i = 0; i < keys.length; i++) {
                Number limit = target.get(keys[i]);
                if (limit != null && family.ours()[i] > limit.doubleValue()) {
                    missed.add(String.format(Locale.ROOT, "%s %s %.2f ms > %s ms", family.name(), keys[i], family.ours()[i], limit));
                }
            }
        }
        return missed;
    }

    static String markdown(List<Family> families, Map<String, Map<String, Number>> targets, List<String> missed) {
        StringBuilder md = new StringBuilder("| family | ours p50 | ours p95 | ours p99 | textbook p50 | textbook p95 | textbook p99 | textbook/ours (p95) | target p95 |\n");
        md.append("|---|---|---|---|---|---|---|---|---|\n");
        for (Family f : families) {
            md.append(String.format(Locale.ROOT, "| %s | %.2f | %.2f | %.2f | %s | %s | %s | %s | %s |%n", f.name(),
                    f.ours()[0], f.ours()[1], f.ours()[2], ms(f.textbook(), 0), ms(f.textbook(), 1), ms(f.textbook(), 2),
                    f.textbook() == null ? "-" : String.format(Locale.ROOT, "%.1fx", f.textbook()[1] / f.ours()[1]),
                    targets.getOrDefault(f.name(), Map.of()).getOrDefault("p95", null)));
        }
        md.append(missed.isEmpty() ? "\nAll targets met.\n" : "\nMissed: " + String.join("; ", missed) + "\n");
        return md.toString();
    }

    static String html(List<Family> families, Map<String, Map<String, Number>> targets, List<String> missed) {
        double max = families.stream().mapToDouble(f -> Math.max(f.ours()[1], f.textbook() == null ? 0 : f.textbook()[1])).max().orElse(1);
        StringBuilder bars = new StringBuilder();
        int y = 10;
        for (Family f : families) {
            bars.append(String.format(Locale.ROOT, "<text x='0' y='%d'>%s</text>", y + 12, escape(f.name())));
            bars.append(bar(y, f.ours()[1], max, "#2b7"));
            if (f.textbook() != null) {
                bars.append(bar(y + 18, f.textbook()[1], max, "#c54"));
            }
            y += 44;
        }
        return "<!doctype html><html><head><meta charset='utf-8'><title>patient-search benchmarks</title>"
                + "<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:4px 8px;text-align:right}</style>"
                + "</head><body><h1>patient-search: ours vs textbook (ms)</h1>"
                + "<p>p95 per family: <span style='color:#2b7'>ours</span>, <span style='color:#c54'>textbook</span>.</p>"
                + "<svg width='900' height='" + (y + 10) + "' font-size='12'>" + bars + "</svg>"
                + "<pre>" + escape(markdown(families, targets, missed)) + "</pre></body></html>";
    }

    private static String bar(int y, double value, double max, String colour) {
        int width = (int) Math.max(1, 600 * value / max);
        return String.format(Locale.ROOT, "<rect x='160' y='%d' width='%d' height='14' fill='%s'/><text x='%d' y='%d'>%.2f</text>",
                y, width, colour, 165 + width, y + 12, value);
    }

    private static String ms(double[] values, int i) {
        return values == null ? "-" : String.format(Locale.ROOT, "%.2f", values[i]);
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
