package com.patientsearch.perf.search;

import com.patientsearch.search.appointment.AppointmentSearchParams;
import com.patientsearch.search.patient.PatientSearchParams;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Address search and appointment-reason full text. Ours: the product's services ({@code address=}: the normalised key's
 * trigram GIN, word by word; {@code text=}: websearch_to_tsquery on the generated tsvector's GIN, ranked by ts_rank).
 * Textbook: {@code ILIKE '%…%'} on the raw columns, what a first version writes. Both get the same input, a street name
 * as stored (ours would also forgive a typo in it, which the textbook cannot) or a reason as a user types it.
 * Reason text runs in two shapes: one clinic's month (how a front desk asks; best match first and, with
 * {@code sort=recent}, newest first like the textbook) and every clinic of the caller.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class TextSearchBenchmark {

    private static final String TEXTBOOK_ADDRESS = """
            SELECT p.id FROM patient p JOIN address a ON a.patient_id = p.id
            WHERE (a.street ILIKE ? OR a.city ILIKE ? OR a.postal_code ILIKE ?) AND p.status <> 'merged'
            ORDER BY p.last_name, p.first_name, p.id
            LIMIT 20""";
    private static final String TEXTBOOK_REASON_MONTH = """
            SELECT a.id FROM appointment a
            WHERE a.clinic_id = (SELECT id FROM clinic WHERE code = ?) AND a.starts_at >= ?::date AND a.starts_at < ?::date + 31
              AND a.reason ILIKE ?
            ORDER BY a.starts_at DESC, a.id DESC
            LIMIT 20""";
    private static final String TEXTBOOK_REASON_ALL = """
            SELECT a.id FROM appointment a WHERE a.reason ILIKE ?
            ORDER BY a.starts_at DESC, a.id DESC
            LIMIT 20""";
    /** As a user types them: a stem ("refil"), a phrase, two words. */
    private static final List<String> REASONS = List.of("back pain", "medication refil", "blood pressure", "sore throat",
            "skin rash", "ear pain", "lab results", "headache");

    /** Street names and (clinic, month) pairs drawn from the data once per JVM. */
    @State(Scope.Benchmark)
    public static class Inputs {
        private static List<String> streets;
        private static List<String[]> clinicMonths;
        List<String> street;
        List<String[]> clinicMonth;

        @Setup(Level.Trial)
        public void sample(BenchDatabase db) throws SQLException {
            synchronized (Inputs.class) {
                if (streets == null) {
                    streets = new ArrayList<>();
                    clinicMonths = new ArrayList<>();
                    try (Connection connection = db.pool.getConnection(); Statement s = connection.createStatement()) {
                        try (ResultSet rs = s.executeQuery("""
                                SELECT regexp_replace(a.street, '^[0-9]+\\s+', '')
                                FROM address a TABLESAMPLE SYSTEM (1) REPEATABLE (42)
                                WHERE a.street IS NOT NULL ORDER BY md5(a.id::text) LIMIT %d""".formatted(BenchDatabase.INPUTS))) {
                            while (rs.next()) {
                                streets.add(rs.getString(1));
                            }
                        }
                        try (ResultSet rs = s.executeQuery("""
                                SELECT c.code, date_trunc('month', a.starts_at AT TIME ZONE c.time_zone)::date::text
                                FROM appointment a TABLESAMPLE SYSTEM (0.2) REPEATABLE (42)
                                JOIN clinic c ON c.id = a.clinic_id
                                ORDER BY md5(a.id::text) LIMIT %d""".formatted(BenchDatabase.INPUTS))) {
                            while (rs.next()) {
                                clinicMonths.add(new String[] {rs.getString(1), rs.getString(2)});
                            }
                        }
                    }
                    System.out.printf("text inputs: %d streets, %d clinic months%n", streets.size(), clinicMonths.size());
                }
            }
            street = streets;
            clinicMonth = clinicMonths;
        }
    }

    @Benchmark
    public Object addressOurs(BenchDatabase db, Inputs in) {
        String street = in.street.get(db.nextIndex(in.street.size()));
        return db.search.search(db.caller, new PatientSearchParams(null, null, null, null, null, null, null, null, null,
                null, null, street));
    }

    @Benchmark
    public Object addressTextbook(BenchDatabase db, Inputs in) throws SQLException {
        String like = "%" + in.street.get(db.nextIndex(in.street.size())) + "%";
        return Textbook.rows(db, TEXTBOOK_ADDRESS, like, like, like);
    }

    @Benchmark
    public Object reasonMonthOurs(BenchDatabase db, Inputs in) {
        return reasonMonth(db, in, null);
    }

    /** The same search newest first ({@code sort=recent}), the textbook's own order. */
    @Benchmark
    public Object reasonMonthRecentOurs(BenchDatabase db, Inputs in) {
        return reasonMonth(db, in, "recent");
    }

    private static Object reasonMonth(BenchDatabase db, Inputs in, String sort) {
        int i = db.nextIndex(in.clinicMonth.size());
        String[] clinicMonth = in.clinicMonth.get(i);
        String to = java.time.LocalDate.parse(clinicMonth[1]).plusMonths(1).minusDays(1).toString();
        return db.appointments.search(db.caller, new AppointmentSearchParams(null, null, null, clinicMonth[0],
                clinicMonth[1], to, null, null, null, REASONS.get(i % REASONS.size()), sort));
    }

    @Benchmark
    public Object reasonMonthTextbook(BenchDatabase db, Inputs in) throws SQLException {
        int i = db.nextIndex(in.clinicMonth.size());
        String[] clinicMonth = in.clinicMonth.get(i);
        return Textbook.rows(db, TEXTBOOK_REASON_MONTH, clinicMonth[0], clinicMonth[1], clinicMonth[1],
                "%" + REASONS.get(i % REASONS.size()) + "%");
    }

    /** The textbook is newest first already: the same query, paired with the recent family in the report. */
    @Benchmark
    public Object reasonMonthRecentTextbook(BenchDatabase db, Inputs in) throws SQLException {
        return reasonMonthTextbook(db, in);
    }

    @Benchmark
    public Object reasonAllOurs(BenchDatabase db) {
        String text = REASONS.get(db.nextIndex(REASONS.size()));
        return db.appointments.search(db.caller, new AppointmentSearchParams(null, null, null, null, null, null, null,
                null, null, text));
    }

    @Benchmark
    public Object reasonAllTextbook(BenchDatabase db) throws SQLException {
        return Textbook.rows(db, TEXTBOOK_REASON_ALL, "%" + REASONS.get(db.nextIndex(REASONS.size())) + "%");
    }
}
