package com.patientsearch.perf.search;

import com.patientsearch.opensearchnode.OpenSearchTestNode;
import com.patientsearch.perf.BenchContext;
import com.patientsearch.persistence.datasource.OwnerDatabase;
import com.patientsearch.persistence.scope.CallerScope;
import com.patientsearch.search.patient.PatientIndexer;
import com.patientsearch.search.patient.PatientSearchParams;
import com.patientsearch.search.patient.PatientSearchService;
import io.micronaut.context.ApplicationContext;
import org.HdrHistogram.Histogram;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;

/**
 * The opensearch engine on the benchmark database, once: the time to index every patient into a real OpenSearch node
 * on this machine (the test fixture's node, {@code -Dopensearch.test-node.heap}), the index's size, and search latency
 * per query family through {@link PatientSearchService}; then (a second JVM, argument {@code postgres}) the same
 * inputs on the postgres engine.
 * On a shared machine read the ratios, not the absolute figures. Run with {@code -Pbench-opensearch}
 * (docs/performance.md).
 */
public final class OpenSearchScale {

    private static final int INPUTS = 200;
    private static final int PASSES = 3;

    private OpenSearchScale() {
    }

    /**
     * {@code opensearch} (default): index every patient, then time the families; {@code postgres}: time the same
     * families on the postgres engine. Two JVMs, one after the other: an embedded data directory serves one context
     * per JVM.
     */
    public static void main(String[] args) throws Exception {
        String engine = args.length > 0 ? args[0] : "opensearch";
        System.out.printf(Locale.ROOT, "engine %s, load average at start: %s%n", engine, loadAverage());
        OpenSearchTestNode node = engine.equals("opensearch") ? OpenSearchTestNode.shared() : null;
        try (ApplicationContext context = start(engine, node)) {
            CallerScope caller = everyClinic(context);
            Map<String, List<PatientSearchParams>> families = families(context);
            if (node != null) {
                index(context, node);
            }
            Map<String, Histogram> latencies = measure(context, caller, families);
            System.out.printf(Locale.ROOT, "%n| family (%s) | p50 (ms) | p95 (ms) | p99 (ms) |%n|---|---|---|---|%n", engine);
            latencies.forEach((family, h) -> System.out.printf(Locale.ROOT, "| %s | %.1f | %.1f | %.1f |%n", family,
                    h.getValueAtPercentile(50) / 1e6, h.getValueAtPercentile(95) / 1e6, h.getValueAtPercentile(99) / 1e6));
        }
        System.out.printf(Locale.ROOT, "load average at end: %s%n", loadAverage());
    }

    private static void index(ApplicationContext context, OpenSearchTestNode node) {
        PatientIndexer indexer = context.getBean(PatientIndexer.class);
        long started = System.nanoTime();
        long indexed = indexer.reindexAll(done -> {
            if (done % 100_000 < PatientIndexerBatch.SIZE) {
                System.out.printf(Locale.ROOT, "  indexed %,d in %.0f s%n", done, (System.nanoTime() - started) / 1e9);
            }
        });
        double seconds = (System.nanoTime() - started) / 1e9;
        System.out.printf(Locale.ROOT, "indexed %,d patients in %.1f s (%.0f patients/s); documents %,d%n",
                indexed, seconds, indexed / seconds, indexer.documents());
        node.post("/_refresh", "{}");
        System.out.println("index: "
                + node.get("/_cat/indices/bench-*?h=index,docs.count,store.size,pri.store.size&bytes=mb").trim() + " MB");
    }

    private static ApplicationContext start(String engine, OpenSearchTestNode node) {
        Map<String, Object> properties = BenchContext.properties();
        properties.put("datasources.default.statement-timeout", "0s");
        properties.put("search.engine", engine);
        if (node != null) {
            properties.put("search.opensearch.hosts", node.hostAndPort());
            properties.put("search.opensearch.index-prefix", "bench-");
        }
        return ApplicationContext.builder().properties(properties).deduceEnvironment(false).start();
    }

    private static CallerScope everyClinic(ApplicationContext context) throws SQLException {
        TreeSet<String> clinics = new TreeSet<>();
        try (Connection connection = context.getBean(OwnerDatabase.class).dataSource().getConnection();
             Statement s = connection.createStatement();
             ResultSet rs = s.executeQuery("SELECT code FROM clinic")) {
            while (rs.next()) {
                clinics.add(rs.getString(1));
            }
        }
        return new CallerScope("bench", "front_desk", clinics, null);
    }

    /** The families, from the data: common surnames and first names, 3-letter prefixes, names with a typo. */
    private static Map<String, List<PatientSearchParams>> families(ApplicationContext context) throws SQLException {
        Map<String, List<PatientSearchParams>> families = new LinkedHashMap<>();
        try (Connection connection = context.getBean(OwnerDatabase.class).dataSource().getConnection();
             Statement s = connection.createStatement()) {
            List<String> words = new ArrayList<>(List.of("smith", "john", "maria"));
            words.addAll(column(s, "SELECT lower(last_name) FROM patient GROUP BY 1 ORDER BY count(*) DESC LIMIT "
                    + (INPUTS / 2)));
            words.addAll(column(s, "SELECT lower(first_name) FROM patient GROUP BY 1 ORDER BY count(*) DESC LIMIT "
                    + (INPUTS / 2)));
            families.put("one common word", words.stream().limit(INPUTS).map(OpenSearchScale::q).toList());
            families.put("3-letter prefix", words.stream().filter(w -> w.length() > 3).limit(INPUTS)
                    .map(w -> q(w.substring(0, 3))).toList());
            Random random = new Random(42);
            List<PatientSearchParams> fuzzy = new ArrayList<>();
            for (String name : column(s, "SELECT lower(first_name || ' ' || last_name) FROM patient "
                    + "TABLESAMPLE SYSTEM (1) REPEATABLE (42) WHERE length(last_name) >= 5 LIMIT " + INPUTS)) {
                int at = name.indexOf(' ') + 2 + random.nextInt(name.length() - name.indexOf(' ') - 2);
                fuzzy.add(q(name.substring(0, at) + (char) ('a' + random.nextInt(26)) + name.substring(at + 1)));
            }
            families.put("two-word fuzzy", fuzzy);
        }
        return families;
    }

    private static List<String> column(Statement s, String sql) throws SQLException {
        List<String> values = new ArrayList<>();
        try (ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                values.add(rs.getString(1));
            }
        }
        return values;
    }

    private static PatientSearchParams q(String q) {
        return new PatientSearchParams(null, q, null, null, null, null, null, null, null, null, null);
    }

    /** One warm-up pass, then {@link #PASSES} timed passes over each family's inputs. */
    private static Map<String, Histogram> measure(ApplicationContext context, CallerScope caller,
                                                  Map<String, List<PatientSearchParams>> families) {
        PatientSearchService search = context.getBean(PatientSearchService.class);
        Map<String, Histogram> result = new LinkedHashMap<>();
        families.forEach((family, inputs) -> {
            inputs.forEach(params -> search.search(caller, params));
            Histogram histogram = new Histogram(60_000_000_000L, 3);
            for (int pass = 0; pass < PASSES; pass++) {
                for (PatientSearchParams params : inputs) {
                    long started = System.nanoTime();
                    search.search(caller, params);
                    histogram.recordValue(System.nanoTime() - started);
                }
            }
            result.put(family, histogram);
        });
        return result;
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (Exception e) {
            return "unknown";
        }
    }

    /** The indexer's batch size, for printing progress about every 100,000 patients. */
    private static final class PatientIndexerBatch {
        static final int SIZE = 2_000;
    }
}
