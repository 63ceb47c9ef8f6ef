package com.patientsearch.perf.search;

import com.patientsearch.search.patient.PatientSearchParams;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;

import java.sql.SQLException;
import java.util.concurrent.TimeUnit;

/**
 * Full phone numbers (typed in one of six formats), e-mail addresses (case changed) and MRNs. Ours: the product's
 * search (digits normalised, suffix range on the reversed digits; lower(email) equality; the MRN b-tree). Textbook:
 * what a first version writes without those columns and indexes: digits stripped from the stored phone with a
 * regexp, {@code ILIKE '%…%'} on the e-mail. An MRN lookup is a b-tree equality either way, so it has no textbook.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class ContactSearchBenchmark {

    private static final String TEXTBOOK_PHONE = """
            SELECT p.id FROM patient p JOIN contact_info c ON c.patient_id = p.id
            WHERE regexp_replace(c.phone, '[^0-9]', '', 'g') LIKE ? AND p.status <> 'merged'
            ORDER BY p.last_name, p.first_name, p.id
            LIMIT 20""";
    private static final String TEXTBOOK_EMAIL = """
            SELECT p.id FROM patient p JOIN contact_info c ON c.patient_id = p.id
            WHERE c.email ILIKE ? AND p.status <> 'merged'
            ORDER BY p.last_name, p.first_name, p.id
            LIMIT 20""";

    private static PatientSearchParams params(String phone, String email, String mrn) {
        return new PatientSearchParams(null, null, null, phone, email, mrn, null, null, null, null, null);
    }

    @Benchmark
    public Object phoneFullOurs(BenchDatabase db) {
        return db.search.search(db.caller, params(db.phones.get(db.nextIndex(db.phones.size()))[0], null, null));
    }

    @Benchmark
    public Object phoneFullTextbook(BenchDatabase db) throws SQLException {
        String typed = db.phones.get(db.nextIndex(db.phones.size()))[0];
        String digits = typed.replaceAll("[^0-9]", "");
        // the textbook knows the country code too: match the last ten digits whatever the stored format
        return Textbook.rows(db, TEXTBOOK_PHONE, "%" + digits.substring(digits.length() - 10));
    }

    @Benchmark
    public Object emailOurs(BenchDatabase db) {
        return db.search.search(db.caller, params(null, db.emails.get(db.nextIndex(db.emails.size()))[0], null));
    }

    @Benchmark
    public Object emailTextbook(BenchDatabase db) throws SQLException {
        return Textbook.rows(db, TEXTBOOK_EMAIL, "%" + db.emails.get(db.nextIndex(db.emails.size()))[0] + "%");
    }

    @Benchmark
    public Object mrnOurs(BenchDatabase db) {
        return db.search.search(db.caller, params(null, null, db.mrns.get(db.nextIndex(db.mrns.size()))));
    }
}
