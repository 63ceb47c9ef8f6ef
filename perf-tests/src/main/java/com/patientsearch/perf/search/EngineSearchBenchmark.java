package com.patientsearch.perf.search;

import com.patientsearch.search.patient.PatientSearchParams;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;

import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The search engines side by side on the same inputs, in the same run: {@code Ours} is the engine the context runs
 * ({@code -Dbench.engine}: postgres, lucene or opensearch), {@code Postgres} the PostgreSQL path in the same context
 * (the index marked as rebuilding, which is how the service answers while an index is built), {@code Textbook} the
 * textbook trigram query (NameSearchBenchmark's). Families: one common word (smith, john, maria and names of sampled
 * patients, i.e. drawn by frequency), a 3-letter type-ahead fragment, two words with one typo, a nickname with the
 * last name, and a last name spelt as it sounds. Every search covers every clinic of the caller.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class EngineSearchBenchmark {

    private static PatientSearchParams q(String q) {
        return new PatientSearchParams(null, q, null, null, null, null, null, null, null, null, null);
    }

    private static String next(BenchDatabase db, List<String> inputs) {
        return inputs.get(db.nextIndex(inputs.size()));
    }

    private static Object ours(BenchDatabase db, String q) {
        return db.search.search(db.caller, q(q));
    }

    private static Object postgres(BenchDatabase db, String q) {
        db.indexState.rebuilding(true);
        try {
            return db.search.search(db.caller, q(q));
        } finally {
            db.indexState.rebuilding(false);
        }
    }

    private static Object textbookContains(BenchDatabase db, String word) throws SQLException {
        return NameSearchBenchmark.ids(db, NameSearchBenchmark.TEXTBOOK_PREFIX, "%" + word + "%");
    }

    private static Object textbookFuzzy(BenchDatabase db, String q) throws SQLException {
        return NameSearchBenchmark.ids(db, NameSearchBenchmark.TEXTBOOK_FUZZY, q, q);
    }

    @Benchmark
    public Object commonWordOurs(BenchDatabase db) {
        return ours(db, next(db, db.commonWords));
    }

    @Benchmark
    public Object commonWordPostgres(BenchDatabase db) {
        return postgres(db, next(db, db.commonWords));
    }

    @Benchmark
    public Object commonWordTextbook(BenchDatabase db) throws SQLException {
        return textbookContains(db, next(db, db.commonWords));
    }

    @Benchmark
    public Object typeAheadOurs(BenchDatabase db) {
        return ours(db, next(db, db.typeAheads));
    }

    @Benchmark
    public Object typeAheadPostgres(BenchDatabase db) {
        return postgres(db, next(db, db.typeAheads));
    }

    @Benchmark
    public Object typeAheadTextbook(BenchDatabase db) throws SQLException {
        return textbookContains(db, next(db, db.typeAheads));
    }

    @Benchmark
    public Object twoWordFuzzyOurs(BenchDatabase db) {
        return ours(db, db.names.get(db.nextIndex(BenchDatabase.ENGINE_INPUTS))[0]);
    }

    @Benchmark
    public Object twoWordFuzzyPostgres(BenchDatabase db) {
        return postgres(db, db.names.get(db.nextIndex(BenchDatabase.ENGINE_INPUTS))[0]);
    }

    @Benchmark
    public Object twoWordFuzzyTextbook(BenchDatabase db) throws SQLException {
        return textbookFuzzy(db, db.names.get(db.nextIndex(BenchDatabase.ENGINE_INPUTS))[0]);
    }

    @Benchmark
    public Object nicknameOurs(BenchDatabase db) {
        return ours(db, next(db, db.nicknames));
    }

    @Benchmark
    public Object nicknamePostgres(BenchDatabase db) {
        return postgres(db, next(db, db.nicknames));
    }

    @Benchmark
    public Object nicknameTextbook(BenchDatabase db) throws SQLException {
        return textbookFuzzy(db, next(db, db.nicknames));
    }

    @Benchmark
    public Object soundAlikeOurs(BenchDatabase db) {
        return ours(db, next(db, db.soundAlikes));
    }

    @Benchmark
    public Object soundAlikePostgres(BenchDatabase db) {
        return postgres(db, next(db, db.soundAlikes));
    }

    @Benchmark
    public Object soundAlikeTextbook(BenchDatabase db) throws SQLException {
        return textbookFuzzy(db, next(db, db.soundAlikes));
    }
}
