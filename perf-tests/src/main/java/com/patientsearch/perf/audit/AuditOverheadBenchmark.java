package com.patientsearch.perf.audit;

import com.patientsearch.perf.BenchContext;
import com.patientsearch.persistence.audit.AuditEvent;
import com.patientsearch.persistence.audit.AuditMetrics;
import com.patientsearch.persistence.audit.AuditProperties;
import com.patientsearch.persistence.audit.AuditTrail;
import com.patientsearch.persistence.scope.CallerScope;
import com.patientsearch.search.paging.Page;
import com.patientsearch.search.patient.PatientHit;
import com.patientsearch.search.patient.PatientSearchParams;
import com.patientsearch.search.patient.PatientSearchService;
import com.patientsearch.persistence.datasource.OwnerDatabase;
import io.micronaut.context.ApplicationContext;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the audit trail costs a search: the same exact-name searches without audit, with {@code AuditTrail.record}
 * of the hit list waiting for its commit (the default, as the search controller records it) and with it only queued
 * ({@code audit.wait-for-write: false}), same data, same run. Read-only on the patient data: it only
 * appends audit rows (and Liquibase creates the audit table if missing). Database: {@code DATASOURCES_DEFAULT_URL}, else the
 * embedded one on {@code -Dbench.data.dir} (as the other suites).
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class AuditOverheadBenchmark {

    @State(Scope.Benchmark)
    public static class Data {
        ApplicationContext context;
        PatientSearchService search;
        AuditTrail audit;
        /** The same trail with audit.wait-for-write false: returns once queued (the pre-fail-closed behaviour). */
        AuditTrail queued;
        CallerScope caller;
        final List<String> names = new ArrayList<>();
        final AtomicInteger next = new AtomicInteger();
        long auditRowsBefore;

        @Setup(Level.Trial)
        public void start() throws SQLException {
            Map<String, Object> properties = BenchContext.properties();
            properties.put("monitoring.trend.enabled", false);
            properties.put("monitoring.plan.enabled", false);
            context = ApplicationContext.builder().properties(properties).deduceEnvironment(false).start();
            search = context.getBean(PatientSearchService.class);
            audit = context.getBean(AuditTrail.class);
            AuditProperties queuedOnly = new AuditProperties();
            queuedOnly.setWaitForWrite(false);
            queued = new AuditTrail(context.getBean(DataSource.class), queuedOnly, new AuditMetrics());
            // the schema owner's: sampling reads every clinic's patients, which row-level security keeps from the app
            DataSource pool = context.getBean(OwnerDatabase.class).dataSource();
            try (Connection connection = pool.getConnection(); Statement s = connection.createStatement()) {
                TreeSet<String> clinics = new TreeSet<>();
                try (ResultSet rs = s.executeQuery("SELECT code FROM clinic")) {
                    while (rs.next()) {
                        clinics.add(rs.getString(1));
                    }
                }
                caller = new CallerScope("bench", "front_desk", clinics, null);
                try (ResultSet rs = s.executeQuery("""
                        SELECT first_name || ' ' || last_name FROM patient TABLESAMPLE SYSTEM (0.2) REPEATABLE (7)
                        WHERE status <> 'merged' LIMIT 2000""")) {
                    while (rs.next()) {
                        names.add(rs.getString(1));
                    }
                }
                auditRowsBefore = count(s);
            }
            if (names.isEmpty()) {
                throw new IllegalStateException("the benchmark database has no patients");
            }
        }

        @TearDown(Level.Trial)
        public void stop() throws SQLException {
            audit.flush();
            queued.close();
            DataSource pool = context.getBean(OwnerDatabase.class).dataSource();
            try (Connection connection = pool.getConnection(); Statement s = connection.createStatement()) {
                System.out.println("audit rows written in this trial: " + (count(s) - auditRowsBefore));
            }
            context.close();
        }

        private static long count(Statement s) throws SQLException {
            try (ResultSet rs = s.executeQuery("SELECT count(*) FROM audit_event")) {
                rs.next();
                return rs.getLong(1);
            }
        }

        String nextName() {
            return names.get(Math.floorMod(next.getAndIncrement(), names.size()));
        }
    }

    private static Page<PatientHit> search(Data db) {
        return db.search.search(db.caller,
                new PatientSearchParams(null, db.nextName(), null, null, null, null, null, null, null, null, null));
    }

    @Benchmark
    public Object searchWithoutAudit(Data db) {
        return search(db);
    }

    /** Returns once the event is queued: a crash loses what is queued. */
    @Benchmark
    public Object searchWithQueuedAudit(Data db) {
        Page<PatientHit> page = search(db);
        db.queued.record(new AuditEvent(Instant.now(), db.caller, "search", "GET /api/v1/patients/search",
                page.items().stream().map(PatientHit::id).toList()));
        return page;
    }

    /** As the search controller does with the default audit.wait-for-write: returns once the event is committed. */
    @Benchmark
    public Object searchWithAudit(Data db) {
        Page<PatientHit> page = search(db);
        db.audit.record(new AuditEvent(Instant.now(), db.caller, "search", "GET /api/v1/patients/search",
                page.items().stream().map(PatientHit::id).toList()));
        return page;
    }
}
