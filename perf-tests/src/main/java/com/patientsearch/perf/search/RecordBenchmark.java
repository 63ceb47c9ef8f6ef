package com.patientsearch.perf.search;

import com.patientsearch.persistence.scope.RowSecurity;
import com.patientsearch.domain.patient.Patient;
import com.patientsearch.search.appointment.AppointmentSearchParams;
import org.hibernate.CacheMode;
import org.hibernate.Session;
import org.hibernate.stat.Statistics;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.util.concurrent.TimeUnit;

/**
 * A patient's record and appointment lists, through the product's services, for 2,000 patients drawn from the data.
 *
 * <p>Cache: "Ours" runs with the second-level cache as configured, warmed in setup by loading each of the 2,000
 * patients once (they fit in the regions); "Uncached" runs the same call in a session with {@link CacheMode#IGNORE} (no cache
 * reads, no puts). Both open the transaction the same way. {@code patientRecord} is
 * {@code PatientRecordService.get}: the scope binding sent with the next and the last ten visits (one statement, one
 * round trip), the patient through its entity graph (from the cache when warm, one statement when not), the visits'
 * providers by reference (from the cache when warm). {@code patientEntity} is
 * what the cache does cover: the patient, its clinic and both collections loaded by id ({@code Session.get} and
 * lazy initialisation), as writes and merges load them. Hits, misses and puts are printed after each benchmark.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class RecordBenchmark {

    /** Second-level cache hits, misses and puts over one benchmark, printed so the report's reader can check "cached". */
    @State(Scope.Benchmark)
    public static class CacheCounts {
        long hits;
        long misses;
        long puts;

        private static boolean warmed;

        @Setup(Level.Trial)
        public void before(BenchDatabase db) {
            // "Cached" means warm: read every sampled patient's record through the cache once, which caches the patient
            // graph and the providers of its visits (a short warm-up iteration does not reach all 2,000 when the
            // database pages are cold). Once per JVM.
            synchronized (CacheCounts.class) {
                if (!warmed) {
                    for (int i = 0; i < db.patientIds.size(); i++) {
                        record(db, CacheMode.NORMAL);
                    }
                    warmed = true;
                }
            }
            Statistics statistics = db.sessionFactory.getStatistics();
            hits = statistics.getSecondLevelCacheHitCount();
            misses = statistics.getSecondLevelCacheMissCount();
            puts = statistics.getSecondLevelCachePutCount();
        }

        @TearDown(Level.Trial)
        public void after(BenchDatabase db) {
            Statistics statistics = db.sessionFactory.getStatistics();
            System.out.printf("%nsecond-level cache during this benchmark: %d hits, %d misses, %d puts%n",
                    statistics.getSecondLevelCacheHitCount() - hits, statistics.getSecondLevelCacheMissCount() - misses,
                    statistics.getSecondLevelCachePutCount() - puts);
        }
    }

    @Benchmark
    public Object patientRecordOurs(BenchDatabase db, CacheCounts counts) {
        return record(db, CacheMode.NORMAL);
    }

    @Benchmark
    public Object patientRecordUncached(BenchDatabase db, CacheCounts counts) {
        return record(db, CacheMode.IGNORE);
    }

    @Benchmark
    public Object patientEntityOurs(BenchDatabase db, CacheCounts counts) {
        return entity(db, CacheMode.NORMAL);
    }

    @Benchmark
    public Object patientEntityUncached(BenchDatabase db, CacheCounts counts) {
        return entity(db, CacheMode.IGNORE);
    }

    @Benchmark
    public Object providerDayOurs(BenchDatabase db) {
        String[] day = db.providerDays.get(db.nextIndex(db.providerDays.size()));
        return db.appointments.search(db.caller,
                new AppointmentSearchParams(null, day[0], day[1], null, null, null, null, null, null));
    }

    @Benchmark
    public Object patientAppointmentsOurs(BenchDatabase db) {
        String patient = String.valueOf(db.patientIds.get(db.nextIndex(db.patientIds.size())));
        return db.appointments.search(db.caller,
                new AppointmentSearchParams(patient, null, null, null, null, null, null, null, null));
    }

    private static Object record(BenchDatabase db, CacheMode mode) {
        long id = db.patientIds.get(db.nextIndex(db.patientIds.size()));
        return db.transactions.executeRead(status -> {
            status.getConnection().setCacheMode(mode);
            return db.records.get(db.caller, id); // joins this transaction, so it runs in this session
        });
    }

    private static Object entity(BenchDatabase db, CacheMode mode) {
        long id = db.patientIds.get(db.nextIndex(db.patientIds.size()));
        return db.transactions.executeRead(status -> {
            Session session = status.getConnection();
            session.setCacheMode(mode);
            // as a service would: the caller's clinics bound for row-level security (a cache hit needs no SQL at all)
            session.doWork(connection -> RowSecurity.bind(connection, db.caller));
            Patient patient = session.get(Patient.class, id);
            return patient.getClinic().getCode().length() + patient.getContacts().size() + patient.getAddresses().size();
        });
    }
}
