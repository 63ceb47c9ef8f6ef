package com.patientsearch.perf.search;

import com.patientsearch.search.appointment.AppointmentSearchService;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;

import java.sql.SQLException;
import java.util.concurrent.TimeUnit;

/**
 * A page deep in a broad result: a clinic's year of appointments (about 17,000 rows), {@value BenchDatabase#DEEP_LIMIT}
 * per page, page 1 and page {@value BenchDatabase#DEEP_PAGE}. Ours: the product's keyset cursor (obtained once in
 * setup by walking the pages), which seeks in the (clinic, starts_at, id) index. Textbook: the same statement with
 * {@code LIMIT … OFFSET …}, which reads and joins every skipped row. A broad patient search has no such index order
 * (relevance is computed per query), so keyset there saves the transfer, not the matching: it is not measured here.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class DeepPageBenchmark {

    /** The product's own statement for a clinic's range, paged the textbook way. */
    private static final String TEXTBOOK_OFFSET = AppointmentSearchService.SELECT + AppointmentSearchService.BY_CLINIC_RANGE
            + "\nORDER BY a.starts_at, a.id\nLIMIT ? OFFSET ?";

    @Benchmark
    public Object deepPage1Ours(BenchDatabase db) {
        BenchDatabase.DeepPage page = db.deepPages.get(db.nextIndex(db.deepPages.size()));
        return db.appointments.search(db.caller, BenchDatabase.deepParams(page.clinic(), null));
    }

    @Benchmark
    public Object deepPage1Textbook(BenchDatabase db) throws SQLException {
        return offset(db, 0);
    }

    @Benchmark
    public Object deepPage1000Ours(BenchDatabase db) {
        BenchDatabase.DeepPage page = db.deepPages.get(db.nextIndex(db.deepPages.size()));
        return db.appointments.search(db.caller, BenchDatabase.deepParams(page.clinic(), page.cursor()));
    }

    @Benchmark
    public Object deepPage1000Textbook(BenchDatabase db) throws SQLException {
        return offset(db, (BenchDatabase.DEEP_PAGE - 1) * BenchDatabase.DEEP_LIMIT);
    }

    private static int offset(BenchDatabase db, int skip) throws SQLException {
        BenchDatabase.DeepPage page = db.deepPages.get(db.nextIndex(db.deepPages.size()));
        return Textbook.rows(db, TEXTBOOK_OFFSET, page.clinicId(), page.from(), page.to(), BenchDatabase.DEEP_LIMIT, skip);
    }
}
