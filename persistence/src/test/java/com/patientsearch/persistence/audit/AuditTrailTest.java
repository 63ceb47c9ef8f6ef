package com.patientsearch.persistence.audit;

import com.patientsearch.persistence.scope.CallerScope;
import com.patientsearch.persistence.testing.TestPostgres;
import io.agroal.api.AgroalDataSource;
import io.micronaut.context.ApplicationContext;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import javax.sql.DataSource;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The batched audit writer and the append-only table, on a real PostgreSQL. */
@MicronautTest(transactional = false, startApplication = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuditTrailTest implements TestPropertyProvider {

    @Inject
    AuditTrail trail;
    @Inject
    AuditMetrics metrics;
    @Inject
    DataSource dataSource;

    private final Map<String, String> properties = new HashMap<>();

    @Override
    public Map<String, String> getProperties() {
        if (properties.isEmpty()) {
            properties.putAll(TestPostgres.get().micronautProperties("audit_trail"));
            // the context's trail queues and batches (the batching tests); aRecordedEventIsCommittedWhenRecordReturns
            // builds one that waits
            properties.put("audit.wait-for-write", "false");
        }
        return properties;
    }

    @BeforeEach
    void empty() throws SQLException {
        trail.flush();
        // TRUNCATE is refused by the table and each of its partitions; a superuser can lift every guard on purpose.
        execute("SET session_replication_role = replica", "TRUNCATE audit_event", "RESET session_replication_role");
    }

    static AuditEvent event(String requestId, long... patientIds) {
        List<Long> ids = new ArrayList<>();
        for (long id : patientIds) {
            ids.add(id);
        }
        return new AuditEvent(Instant.now(), CallerScope.of("nurse.a", "front_desk", Set.of("NORTH", "SOUTH"), requestId),
                "read", "GET /api/v1/patients/{id}", ids);
    }

    @Test
    void concurrentProducersGetEveryEventWrittenExactlyOnce() throws Exception {
        int threads = 8;
        int perThread = 1000;
        long batchedBefore = metrics.writtenBatched.sum();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            done.add(pool.submit(() -> {
                start.await();
                for (int i = 0; i < perThread; i++) {
                    trail.record(event(thread + "-" + i, thread * 10_000L + i));
                }
                return null;
            }));
        }
        start.countDown();
        for (Future<?> f : done) {
            f.get(60, TimeUnit.SECONDS);
        }
        pool.shutdown();
        trail.flush();

        assertThat(count("SELECT count(*) FROM audit_event")).isEqualTo(threads * perThread);
        assertThat(count("SELECT count(DISTINCT request_id) FROM audit_event")).isEqualTo(threads * perThread);
        // each row carries its own event's patient and the caller's scope
        assertThat(count("SELECT count(*) FROM audit_event WHERE patient_ids = ARRAY[(split_part(request_id, '-', 1)::bigint"
                + " * 10000 + split_part(request_id, '-', 2)::bigint)] AND clinics = '{NORTH,SOUTH}' AND action = 'read'"
                + " AND user_name = 'nurse.a' AND role = 'front_desk'")).isEqualTo(threads * perThread);
        // written in batches, not row by row
        assertThat(metrics.writtenBatched.sum() - batchedBefore).isPositive();
        assertThat(count("SELECT count(DISTINCT xmin::text) FROM audit_event")).isLessThan(threads * perThread / 10);
    }

    @Test
    void anyTextSurvivesTheArrayEncoding() throws Exception {
        trail.record(new AuditEvent(null, CallerScope.of("o'brien \"x\" \\ {y}, z", "ops", Set.of("A,B", "C\"D"), null),
                "search", "GET /api/v1/patients/search", null));
        trail.flush();
        assertThat(strings("SELECT user_name || '|' || array_to_string(clinics, ';') || '|' || cardinality(patient_ids)"
                + " || '|' || (request_id IS NULL) FROM audit_event"))
                .containsExactly("o'brien \"x\" \\ {y}, z|A,B;C\"D|0|true");
    }

    @Test
    void anUnknownActionIsRefusedAtOnce() {
        assertThatThrownBy(() -> trail.record(new AuditEvent(Instant.now(), CallerScope.of("u", "r", Set.of("A"), null),
                "delete", "x", List.of()))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("action");
    }

    @Test
    void closeWritesWhatIsQueued() throws Exception {
        AuditProperties slow = new AuditProperties();
        slow.setFlushInterval(Duration.ofMinutes(10)); // nothing would be written before close()
        slow.setWaitForWrite(false);
        AuditTrail own = new AuditTrail(dataSource, slow, new AuditMetrics());
        for (int i = 0; i < 25; i++) {
            own.record(event("close-" + i, i));
        }
        own.close();
        assertThat(count("SELECT count(*) FROM audit_event WHERE request_id LIKE 'close-%'")).isEqualTo(25);
        // after close, callers write directly
        own.record(event("after-close"));
        assertThat(count("SELECT count(*) FROM audit_event WHERE request_id = 'after-close'")).isEqualTo(1);
    }

    @Test
    void stoppingTheApplicationWritesQueuedEventsBeforeThePoolCloses() throws Exception {
        Map<String, Object> props = new HashMap<>(getProperties());
        props.put("liquibase.enabled", "false"); // migrated already
        props.put("audit.flush-interval", "10m");
        props.put("audit.wait-for-write", "false");
        ApplicationContext context = ApplicationContext.run(props);
        AuditTrail other = context.getBean(AuditTrail.class);
        for (int i = 0; i < 40; i++) {
            other.record(event("shutdown-" + i, i));
        }
        context.close();
        assertThat(count("SELECT count(*) FROM audit_event WHERE request_id LIKE 'shutdown-%'")).isEqualTo(40);
    }

    @Test
    void aFullQueueMakesTheCallerWriteItsOwnEvent() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AuditProperties tiny = new AuditProperties();
        tiny.setQueueCapacity(2);
        tiny.setBatchSize(1);
        tiny.setWaitForWrite(false);
        AuditMetrics own = new AuditMetrics();
        // the writer thread hangs on its connection until released; callers' connections are not held up
        AuditTrail blocked = new AuditTrail(gated(raw(), () -> {
            if (Thread.currentThread().getName().equals("audit-writer")) {
                release.await();
            }
            return null;
        }), tiny, own);
        try {
            for (int i = 0; i < 6; i++) {
                blocked.record(event("full-" + i, i));
            }
            // at most one event in the writer's hands and two queued: the others were written by their callers
            assertThat(own.writtenDirect.sum()).isGreaterThanOrEqualTo(3);
            assertThat(count("SELECT count(*) FROM audit_event WHERE request_id LIKE 'full-%'"))
                    .isEqualTo((int) own.writtenDirect.sum());
            release.countDown();
            blocked.flush();
            assertThat(count("SELECT count(DISTINCT request_id) FROM audit_event WHERE request_id LIKE 'full-%'")).isEqualTo(6);
            assertThat(count("SELECT count(*) FROM audit_event WHERE request_id LIKE 'full-%'")).isEqualTo(6);
        } finally {
            release.countDown();
            blocked.close();
        }
    }

    @Test
    void aFailedBatchIsRetriedAndCounted() throws Exception {
        AtomicInteger failuresLeft = new AtomicInteger(2);
        AuditProperties fast = new AuditProperties();
        fast.setRetryInitialDelay(Duration.ofMillis(1));
        AuditMetrics own = new AuditMetrics();
        List<String> attempts = java.util.Collections.synchronizedList(new ArrayList<>());
        AuditTrail flaky = new AuditTrail(gated(raw(), () -> {
            attempts.add(Thread.currentThread().getName());
            if (failuresLeft.getAndDecrement() > 0) {
                throw new SQLException("connection refused", "08001");
            }
            return null;
        }), fast, own);
        try {
            // the caller's own write fails, so its event goes to the writer, which retries until it is written
            flaky.record(event("retry-1", 1));
            assertThat(attempts).hasSize(3).first().isEqualTo(Thread.currentThread().getName());
            assertThat(attempts.subList(1, 3)).containsOnly("audit-writer");
            assertThat(own.failedBatches.sum()).isEqualTo(2);
            assertThat(own.lost.sum()).isZero();
            assertThat(count("SELECT count(*) FROM audit_event WHERE request_id = 'retry-1'")).isEqualTo(1);
        } finally {
            flaky.close();
        }
    }

    @Test
    void aRecordedEventIsCommittedWhenRecordReturns() throws Exception {
        AuditProperties waiting = new AuditProperties();
        waiting.setFlushInterval(Duration.ofMinutes(10)); // would never be written in time if it were only queued
        AuditTrail own = new AuditTrail(raw(), waiting, new AuditMetrics());
        try {
            // no flush(): with wait-for-write a crash right after the response loses nothing
            own.record(event("durable-1", 1));
            assertThat(count("SELECT count(*) FROM audit_event WHERE request_id = 'durable-1'")).isEqualTo(1);
        } finally {
            own.close();
        }
    }

    @Test
    void aLoneWaitingReadWritesItsOwnEventWithoutHandingItOver() throws Exception {
        List<String> writers = java.util.Collections.synchronizedList(new ArrayList<>());
        AuditTrail own = waitingTrail(writers, new AuditMetrics());
        try {
            own.record(event("own-1", 1));
            own.record(event("own-2", 2));
            assertThat(writers).containsExactly(Thread.currentThread().getName(), Thread.currentThread().getName());
            assertThat(count("SELECT count(*) FROM audit_event WHERE request_id IN ('own-1', 'own-2')")).isEqualTo(2);
        } finally {
            own.close();
        }
    }

    @Test
    void concurrentWaitingReadsReturnOnlyOnceTheirEventIsCommittedAndShareBatches() throws Exception {
        AuditMetrics own = new AuditMetrics();
        List<String> writers = java.util.Collections.synchronizedList(new ArrayList<>());
        AuditTrail waiting = waitingTrail(writers, own);
        int threads = 8;
        int perThread = 25;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Integer>> missing = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                missing.add(pool.submit(() -> {
                    start.await();
                    int notYetCommitted = 0;
                    for (int i = 0; i < perThread; i++) {
                        String id = "wait-" + thread + "-" + i;
                        waiting.record(event(id, i));
                        notYetCommitted += count("SELECT count(*) FROM audit_event WHERE request_id = '" + id + "'") == 1 ? 0 : 1;
                    }
                    return notYetCommitted;
                }));
            }
            start.countDown();
            for (Future<Integer> f : missing) {
                assertThat(f.get(120, TimeUnit.SECONDS)).isZero();
            }
            assertThat(count("SELECT count(DISTINCT request_id) FROM audit_event WHERE request_id LIKE 'wait-%'"))
                    .isEqualTo(threads * perThread);
            assertThat(count("SELECT count(*) FROM audit_event WHERE request_id LIKE 'wait-%'")).isEqualTo(threads * perThread);
            // callers wrote some themselves and the writer batched the others: fewer transactions than events
            assertThat(writers).contains("audit-writer");
            assertThat(count("SELECT count(DISTINCT xmin::text) FROM audit_event WHERE request_id LIKE 'wait-%'"))
                    .isLessThan(threads * perThread);
            assertThat(own.writtenBatched.sum()).isEqualTo(threads * perThread);
        } finally {
            pool.shutdownNow();
            waiting.close();
        }
    }

    @Test
    void aPermanentFailureRefusesUntilAWriteSucceeds() throws Exception {
        AuditTrail own = new AuditTrail(raw(), new AuditProperties(), new AuditMetrics());
        try {
            execute("REVOKE INSERT ON audit_event FROM patient_search_app");
            assertThatThrownBy(() -> own.record(event("refused-1", 1))).isInstanceOf(AuditUnavailableException.class);
            assertThat(own.failure()).hasValueSatisfying(reason -> assertThat(reason).contains("42501"));
            assertThatThrownBy(() -> own.record(event("refused-2", 2))).isInstanceOf(AuditUnavailableException.class);
            execute("GRANT INSERT ON audit_event TO patient_search_app");
            own.record(event("recovered-1", 3));
            assertThat(own.failure()).isEmpty();
            assertThat(strings("SELECT request_id FROM audit_event WHERE request_id LIKE 're%' ORDER BY id"))
                    .containsExactly("recovered-1");
        } finally {
            execute("GRANT INSERT ON audit_event TO patient_search_app");
            own.close();
        }
    }

    @Test
    void recordInCommitsAndRollsBackWithTheChange() throws Exception {
        try (Connection connection = raw().getConnection()) {
            connection.setAutoCommit(false);
            trail.recordIn(connection, event("in-tx-rolled-back", 1));
            connection.rollback();
            trail.recordIn(connection, event("in-tx-committed", 1));
            connection.commit();
            connection.setAutoCommit(true);
        }
        assertThat(strings("SELECT request_id FROM audit_event WHERE request_id LIKE 'in-tx-%'"))
                .containsExactly("in-tx-committed");
    }

    @Test
    void theTableRefusesUpdateDeleteAndTruncateEvenToItsOwner() throws Exception {
        trail.record(event("keep", 7));
        trail.flush();
        for (String sql : List.of("UPDATE audit_event SET user_name = 'someone else'", "DELETE FROM audit_event",
                "TRUNCATE audit_event")) {
            assertThatThrownBy(() -> execute(sql)).isInstanceOf(SQLException.class)
                    .hasMessageContaining("append-only");
        }
        assertThat(strings("SELECT user_name FROM audit_event")).containsExactly("nurse.a");
    }

    @Test
    void everyMonthPartitionIsAppendOnlyAlsoOnceCreatedLaterOrDetached() throws Exception {
        // a month the scheduler creates later, far from the ones the migration made
        execute("SELECT ps_create_month_partition('audit_event', timestamptz '2031-05-10 00:00+00')");
        execute("INSERT INTO audit_event (at, user_name, role, clinics, action, endpoint) "
                + "VALUES ('2031-05-20 10:00+00', 'later', 'ops', '{}', 'read', 'x'), "
                + "(now(), 'now', 'ops', '{}', 'read', 'x'), ('2045-01-01 00:00+00', 'unplanned', 'ops', '{}', 'read', 'x')");
        assertThat(strings("SELECT tableoid::regclass::text FROM audit_event ORDER BY at"))
                .containsExactly("audit_event_p" + java.time.YearMonth.now(java.time.ZoneOffset.UTC).toString().replace('-', '_'),
                        "audit_event_p2031_05", "audit_event_default");
        for (String table : List.of("audit_event_p2031_05", "audit_event_default")) {
            for (String sql : List.of("UPDATE " + table + " SET user_name = 'x'", "DELETE FROM " + table,
                    "TRUNCATE " + table)) {
                assertThatThrownBy(() -> execute(sql)).as(sql).isInstanceOf(SQLException.class)
                        .hasMessageContaining("append-only");
            }
        }
        // retention detaches: the month leaves the table, keeps its rows and stays append-only
        execute("SELECT ps_detach_partition('audit_event', 'audit_event_p2031_05')");
        assertThat(strings("SELECT user_name FROM audit_event ORDER BY at")).containsExactly("now", "unplanned");
        assertThat(strings("SELECT user_name FROM audit_event_p2031_05")).containsExactly("later");
        for (String sql : List.of("UPDATE audit_event_p2031_05 SET user_name = 'x'", "DELETE FROM audit_event_p2031_05",
                "TRUNCATE audit_event_p2031_05")) {
            assertThatThrownBy(() -> execute(sql)).as(sql).isInstanceOf(SQLException.class)
                    .hasMessageContaining("append-only");
        }
        execute("DROP TABLE audit_event_p2031_05");
    }

    @Test
    void theAppsLoginCanAppendButNeverChangeOrRemove() throws Exception {
        // The app's pool logs in as patient_search_app (liquibase 070 grants it INSERT and SELECT on audit_event only).
        try (Connection connection = raw().getConnection(); Statement statement = connection.createStatement()) {
            connection.setAutoCommit(false);
            // the id's sequence is granted with INSERT (liquibase 110 moved the identity to a sequence default)
            AuditWriter.write(connection, List.of(AuditTrail.normalise(event("as-app", 1))));
            connection.commit();
            for (String change : List.of("UPDATE audit_event SET role = 'x'", "DELETE FROM audit_event", "TRUNCATE audit_event")) {
                assertThatThrownBy(() -> statement.execute(change)).as(change)
                        .isInstanceOf(SQLException.class).hasMessageContaining("permission denied");
                connection.rollback();
            }
        }
    }

    // --- helpers

    @FunctionalInterface
    interface Gate {
        Void pass() throws Exception;
    }

    private DataSource raw() throws SQLException {
        return dataSource.unwrap(AgroalDataSource.class);
    }

    /** A trail with the defaults (reads wait for their event) that notes which thread takes each connection. */
    private AuditTrail waitingTrail(List<String> writers, AuditMetrics metrics) throws SQLException {
        return new AuditTrail(gated(raw(), () -> {
            writers.add(Thread.currentThread().getName());
            return null;
        }), new AuditProperties(), metrics);
    }

    /** A DataSource whose getConnection runs {@code gate} first (to block or fail one thread). */
    private static DataSource gated(DataSource delegate, Gate gate) {
        return (DataSource) Proxy.newProxyInstance(AuditTrailTest.class.getClassLoader(), new Class<?>[] {DataSource.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("getConnection")) {
                        gate.pass();
                    }
                    if (method.getName().equals("isWrapperFor")) {
                        return false;
                    }
                    try {
                        return method.invoke(delegate, args);
                    } catch (java.lang.reflect.InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    private void execute(String... sql) throws SQLException {
        try (Connection connection = directConnection(); Statement statement = connection.createStatement()) {
            for (String s : sql) {
                statement.execute(s);
            }
        }
    }

    /** The schema owner's, outside the app's pool: also works after an application context has closed. */
    private Connection directConnection() throws SQLException {
        return DriverManager.getConnection(properties.get("datasources.default.url"),
                properties.get("datasources.default.owner-username"), properties.get("datasources.default.owner-password"));
    }

    private int count(String sql) throws SQLException {
        return Integer.parseInt(strings(sql).get(0));
    }

    private List<String> strings(String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection connection = directConnection(); Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }
}
