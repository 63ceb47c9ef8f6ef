package com.patientsearch.perf.search;

import com.patientsearch.persistence.scope.CallerScope;
import com.patientsearch.search.patient.PatientSearchService;
import io.agroal.api.AgroalDataSource;
import io.micronaut.context.ApplicationContext;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The benchmark database: the app's own context (so "ours" is the product's code path) on a seeded database, and
 * query inputs drawn from that data: real names with one injected typo, accents stripped, 3-letter prefixes, phone
 * suffixes. Database: {@code -Dbench.db.url} (+ user/password) or the embedded data directory {@code -Dbench.data.dir}.
 */
@State(Scope.Benchmark)
public class BenchDatabase {

    static final int INPUTS = 2_000;

    ApplicationContext context;
    PatientSearchService search;
    /** A front-desk caller of every clinic: the benchmark searches the whole million. */
    CallerScope caller;
    AgroalDataSource pool;
    final List<String[]> names = new ArrayList<>();   // {typo'd "first last", exact first, exact last, dob}
    final List<String> prefixes = new ArrayList<>();
    final List<String> phoneSuffixes = new ArrayList<>();
    private int next;

    @Setup(Level.Trial)
    public void start() throws SQLException {
        Map<String, Object> properties = new HashMap<>();
        String url = System.getProperty("bench.db.url", System.getenv("DATASOURCES_DEFAULT_URL"));
        if (url != null) {
            properties.put("datasources.default.url", url);
            properties.put("datasources.default.username", System.getProperty("bench.db.user", "postgres"));
            properties.put("datasources.default.password", System.getProperty("bench.db.password", ""));
        } else {
            properties.put("embedded-postgres.data-directory", System.getProperty("bench.data.dir",
                    System.getProperty("user.home") + "/.patient-search/pgdata-17"));
        }
        properties.put("datasources.default.max-size", 4);
        // benchmarks time queries; the setup builds the textbook index, longer than the API's statement timeout
        properties.put("datasources.default.statement-timeout", "0s");
        properties.put("demo-data.patients", 0);
        context = ApplicationContext.builder().properties(properties).deduceEnvironment(false).start();
        search = context.getBean(PatientSearchService.class);
        pool = context.getBean(DataSource.class).unwrap(AgroalDataSource.class);
        try (Connection connection = pool.getConnection(); Statement s = connection.createStatement()) {
            // The textbook index, for the textbook queries only; never part of the product schema.
            s.execute("CREATE INDEX CONCURRENTLY IF NOT EXISTS bench_textbook_name_trgm ON patient "
                    + "USING gin ((first_name || ' ' || last_name) gin_trgm_ops)");
            // Type-ahead orders completions by these counts; datasets seeded by older builds lack them.
            s.execute("SELECT ps_refresh_name_token_counts()");
            java.util.TreeSet<String> clinics = new java.util.TreeSet<>();
            try (ResultSet rs = s.executeQuery("SELECT code FROM clinic")) {
                while (rs.next()) {
                    clinics.add(rs.getString(1));
                }
            }
            caller = new CallerScope("bench", "front_desk", clinics, null);
            s.execute("SELECT setseed(0.5)");
            Random random = new Random(42);
            try (ResultSet rs = s.executeQuery("""
                    SELECT p.first_name, p.last_name, p.date_of_birth::text,
                           (SELECT c.phone_digits FROM contact_info c WHERE c.patient_id = p.id AND c.phone_digits IS NOT NULL LIMIT 1)
                    FROM patient p TABLESAMPLE BERNOULLI (1)
                    WHERE p.status <> 'merged'
                    ORDER BY random() LIMIT %d""".formatted(INPUTS))) {
                while (rs.next()) {
                    String first = rs.getString(1);
                    String last = rs.getString(2);
                    String typo = random.nextBoolean() ? typo(first, random) + " " + stripAccents(last)
                            : stripAccents(first) + " " + typo(last, random);
                    names.add(new String[] {typo, first, last, rs.getString(3)});
                    prefixes.add(prefix(first) + " " + prefix(last));
                    String digits = rs.getString(4);
                    if (digits != null && digits.length() >= 4) {
                        phoneSuffixes.add(digits.substring(digits.length() - 4));
                    }
                }
            }
        }
        if (names.isEmpty()) {
            throw new IllegalStateException("the benchmark database has no patients: seed it first");
        }
    }

    @TearDown(Level.Trial)
    public void stop() {
        context.close();
    }

    int nextIndex(int size) {
        next = (next + 1) % size;
        return next;
    }

    /** One wrong, missing or swapped letter, never the first (as receptionists type). */
    static String typo(String name, Random random) {
        String plain = stripAccents(name);
        if (plain.length() < 4) {
            return plain;
        }
        int at = 1 + random.nextInt(plain.length() - 2);
        return switch (random.nextInt(3)) {
            case 0 -> plain.substring(0, at) + plain.substring(at + 1);
            case 1 -> plain.substring(0, at) + plain.charAt(at + 1) + plain.charAt(at) + plain.substring(at + 2);
            default -> plain.substring(0, at) + (char) ('a' + random.nextInt(26)) + plain.substring(at + 1);
        };
    }

    static String stripAccents(String text) {
        return Normalizer.normalize(text, Normalizer.Form.NFD).replaceAll("\\p{M}+", "");
    }

    private static String prefix(String name) {
        String plain = stripAccents(name).toLowerCase();
        return plain.length() <= 3 ? plain : plain.substring(0, 3);
    }
}
