package com.patientsearch.perf.search;

import com.patientsearch.search.patient.PatientSearchParams;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.concurrent.TimeUnit;

/**
 * Each search family twice, on the same data in the same run: ours (the product's PatientSearchService) and the
 * textbook query (one GIN trigram index over first_name || ' ' || last_name, {@code %} and similarity ordering;
 * ILIKE for prefixes and phone suffixes; the clinic filter, when any, after the trigram scan).
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class NameSearchBenchmark {

    static final String TEXTBOOK_FUZZY = """
            SELECT id FROM patient
            WHERE (first_name || ' ' || last_name) % ? AND status <> 'merged'
            ORDER BY similarity(first_name || ' ' || last_name, ?) DESC, id
            LIMIT 20""";
    private static final String TEXTBOOK_FUZZY_DOB = """
            SELECT id FROM patient
            WHERE (first_name || ' ' || last_name) % ? AND date_of_birth = ?::date AND status <> 'merged'
            ORDER BY similarity(first_name || ' ' || last_name, ?) DESC, id
            LIMIT 20""";
    static final String TEXTBOOK_PREFIX = """
            SELECT id FROM patient
            WHERE (first_name || ' ' || last_name) ILIKE ? AND status <> 'merged'
            ORDER BY last_name, first_name, id
            LIMIT 20""";
    private static final String TEXTBOOK_PHONE = """
            SELECT p.id FROM patient p JOIN contact_info c ON c.patient_id = p.id
            WHERE c.phone ILIKE ? AND p.status <> 'merged'
            ORDER BY p.last_name, p.first_name, p.id
            LIMIT 20""";

    private static PatientSearchParams params(String q, String phone) {
        return new PatientSearchParams(null, q, null, phone, null, null, null, null, null, null, null);
    }

    @Benchmark
    public Object fuzzyNameOurs(BenchDatabase db) {
        return db.search.search(db.caller, params(db.names.get(db.nextIndex(db.names.size()))[0], null));
    }

    @Benchmark
    public Object fuzzyNameTextbook(BenchDatabase db) throws SQLException {
        String q = db.names.get(db.nextIndex(db.names.size()))[0];
        return ids(db, TEXTBOOK_FUZZY, q, q);
    }

    @Benchmark
    public Object nameAndDobOurs(BenchDatabase db) {
        String[] input = db.names.get(db.nextIndex(db.names.size()));
        return db.search.search(db.caller, params(input[0] + " " + input[3], null));
    }

    @Benchmark
    public Object nameAndDobTextbook(BenchDatabase db) throws SQLException {
        String[] input = db.names.get(db.nextIndex(db.names.size()));
        return ids(db, TEXTBOOK_FUZZY_DOB, input[0], input[3], input[0]);
    }

    @Benchmark
    public Object namePrefixOurs(BenchDatabase db) {
        return db.search.search(db.caller, params(db.prefixes.get(db.nextIndex(db.prefixes.size())), null));
    }

    @Benchmark
    public Object namePrefixTextbook(BenchDatabase db) throws SQLException {
        String[] parts = db.prefixes.get(db.nextIndex(db.prefixes.size())).split(" ");
        return ids(db, TEXTBOOK_PREFIX, parts[0] + "% " + parts[1] + "%");
    }

    @Benchmark
    public Object phoneLastDigitsOurs(BenchDatabase db) {
        return db.search.search(db.caller, params(null, db.phoneSuffixes.get(db.nextIndex(db.phoneSuffixes.size()))));
    }

    @Benchmark
    public Object phoneLastDigitsTextbook(BenchDatabase db) throws SQLException {
        String digits = db.phoneSuffixes.get(db.nextIndex(db.phoneSuffixes.size()));
        // the textbook matches the formatted column: the last four digits are contiguous in every format we store
        return ids(db, TEXTBOOK_PHONE, "%" + digits);
    }

    static int ids(BenchDatabase db, String sql, String... values) throws SQLException {
        try (Connection connection = db.pool.getConnection(); PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < values.length; i++) {
                statement.setString(i + 1, values[i]);
            }
            int rows = 0;
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    rows++;
                }
            }
            return rows;
        }
    }
}
