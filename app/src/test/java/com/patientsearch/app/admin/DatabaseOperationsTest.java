package com.patientsearch.app.admin;

import org.awaitility.Awaitility;
import com.patientsearch.app.security.TestTokens;
import com.patientsearch.persistence.datasource.OwnerDatabase;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.patientsearch.operations.monitoring.SlowQueryLog;
import com.patientsearch.persistence.testing.TestPostgres;
import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.core.type.Argument;
import io.micronaut.data.connection.jdbc.advice.DelegatingDataSource;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.postgresql.PGConnection;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 4's "must show" on a real PostgreSQL: a slow query raises the alert (log, counter, admin list, plan finding
 * proposing an index), index health reports planted problems with their fixes, /metrics carries the pool, Hibernate,
 * HTTP and PostgreSQL families, and /admin renders from the JSON endpoints.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DatabaseOperationsTest implements TestPropertyProvider {

    /** A value that must never reach a log line or an admin response. */
    private static final String NEEDLE = "Zebedee";
    private static final String PROBE_ROUTE = "GET /test-ops/patients/by-middle-name/{middleName}";

    @Inject
    @Client("/")
    HttpClient http;

    @Inject
    DataSource dataSource;
    @Inject
    OwnerDatabase owner;

    @Inject
    MeterRegistry registry;

    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> properties = new HashMap<>(TestPostgres.get().micronautProperties("ops"));
        properties.put("micronaut.server.port", "-1"); // random: application.yml pins 8080, shared on this machine
        properties.put("monitoring.slow-query.threshold", "1ms");
        properties.put("monitoring.database.metrics-interval", "1s");
        properties.put("monitoring.database.idle-in-transaction", "300ms");
        properties.put("monitoring.database.unused-index-min-statistics-age", "0s"); // the planted unused index, on new statistics
        properties.put("test.ops-probe", "true");
        return properties;
    }

    @BeforeAll
    void seed() throws SQLException {
        ((Logger) LoggerFactory.getLogger(SlowQueryLog.class)).addAppender(logs);
        logs.start();
        // Seeding goes straight to the pool: no Micronaut connection context here, and no alerts wanted.
        // Fixtures are the owner's to write (the app's login is bound by row-level security).
        try (Connection connection = owner.connection();
             Statement statement = connection.createStatement()) {
            // fixture loading, not an API query: lift the pool's statement timeout for the bulk insert, then restore it
            String timeout;
            try (java.sql.ResultSet rs = statement.executeQuery("SHOW statement_timeout")) {
                rs.next();
                timeout = rs.getString(1);
            }
            statement.execute("SET statement_timeout = 0");
            statement.execute("INSERT INTO clinic (code, name, time_zone) VALUES ('OPS', 'Ops clinic', 'UTC')");
            // 30,000 patients (a "large" table is 10,000 rows); three carry the needle middle name. middle_name has no index.
            statement.execute("""
                    INSERT INTO patient (clinic_id, mrn, first_name, last_name, middle_name, date_of_birth, gender)
                    SELECT (SELECT id FROM clinic WHERE code = 'OPS'), 'MRN' || g, 'First' || (g % 1000), 'Last' || (g % 5000),
                           CASE WHEN g % 10000 = 0 THEN 'Zebedee' ELSE 'M' || (g % 300) END,
                           date '1950-01-01' + (g % 20000), 'unknown'
                    FROM generate_series(1, 30000) g""");
            statement.execute("ANALYZE patient");
            statement.execute("SET statement_timeout = '" + timeout + "'");
            // Planted index problems, on tables of their own (autovacuum off so statistics stay as left).
            statement.execute("CREATE TABLE ops_parent (id bigint PRIMARY KEY)");
            statement.execute("""
                    CREATE TABLE ops_child (
                        id bigint PRIMARY KEY,
                        parent_id bigint REFERENCES ops_parent (id),
                        note text, code text, tag text) WITH (autovacuum_enabled = false)""");
            statement.execute("INSERT INTO ops_parent SELECT g FROM generate_series(1, 10) g");
            statement.execute("INSERT INTO ops_child SELECT g, 1 + g % 10, 'n' || g, 'c' || (g % 100), 't' || (g % 7) FROM generate_series(1, 5000) g");
            statement.execute("CREATE INDEX ops_child_note_idx ON ops_child (note)");
            statement.execute("CREATE INDEX ops_child_tag_a_idx ON ops_child (tag)");
            statement.execute("CREATE INDEX ops_child_tag_b_idx ON ops_child (tag)");
            try {
                statement.execute("CREATE UNIQUE INDEX CONCURRENTLY ops_child_code_uk ON ops_child (code)");
                throw new AssertionError("the unique index over duplicate codes should have failed");
            } catch (SQLException expected) {
                // leaves ops_child_code_uk behind, INVALID: what a failed concurrent build looks like
            }
            // the health checks read the table counters; an idle pooled session reports its own up to 10 s late
            statement.execute("SELECT pg_stat_force_next_flush()");
        }
    }

    @AfterAll
    void detach() {
        ((Logger) LoggerFactory.getLogger(SlowQueryLog.class)).detachAppender(logs);
    }

    @Test
    void slowQueryRaisesAlertWithPlanFindingAndNoValues() {
        List<?> ids = http.toBlocking().retrieve(HttpRequest.GET("/test-ops/patients/by-middle-name/" + NEEDLE), Argument.listOf(Long.class));
        assertThat(ids).hasSize(3);

        List<String> lines = await(() -> logs.list.stream().map(ILoggingEvent::getFormattedMessage)
                .filter(m -> m.contains("FROM patient WHERE middle_name = ?")).toList(), l -> !l.isEmpty());
        String line = lines.get(0);
        assertThat(line).startsWith("slow_query family=select_patient_")
                .contains("endpoint=\"" + PROBE_ROUTE + "\"")
                .contains("rows=3")
                .contains("sql=\"SELECT id, first_name FROM patient WHERE middle_name = ? ORDER BY id\"")
                .containsPattern("duration_ms=\\d+");
        assertThat(logs.list).allSatisfy(e -> assertThat(e.getFormattedMessage()).doesNotContain(NEEDLE));
        String family = line.substring("slow_query family=".length(), line.indexOf(' ', "slow_query family=".length()));

        Counter counter = registry.find("db_slow_queries").tag("family", family).counter();
        assertThat(counter).isNotNull();
        assertThat(counter.count()).isGreaterThanOrEqualTo(1.0);

        // The plan is captured asynchronously: wait for the finding to appear in the admin list.
        Map<String, Object> item = await(() -> slowQueryItem(family), i -> i != null && !((List<?>) i.get("findings")).isEmpty());
        assertThat(item).containsEntry("endpoint", PROBE_ROUTE).containsEntry("read", true).containsEntry("planStatus", "analyzed");
        assertThat(((Number) item.get("rows")).longValue()).isEqualTo(3);
        List<Map<String, Object>> findings = listOf(item.get("findings"));
        assertThat(findings).anySatisfy(f -> {
            // The row-level-security policy's clinic_id filter sits in the same scan (issue 7): the analyser proposes
            // the query's column first, then the policy's.
            assertThat(f).containsEntry("kind", "SEQ_SCAN_LARGE_TABLE").containsEntry("table", "patient")
                    .containsEntry("suggestion", "CREATE INDEX CONCURRENTLY ON patient (middle_name, clinic_id);");
            assertThat(listOf(f.get("columns"))).isEqualTo(List.of("middle_name", "clinic_id"));
            assertThat(((Number) mapOf(f.get("evidence")).get("rows_scanned")).longValue()).isGreaterThanOrEqualTo(30_000);
            // Replayed under the request's clinic scope: row-level security shows it the three rows the request read
            // (unscoped, the policy hides every row and the plan returns none).
            assertThat(((Number) mapOf(f.get("evidence")).get("rows_returned")).longValue()).isEqualTo(3);
        });
        String body = http.toBlocking().retrieve(TestTokens.ops(HttpRequest.GET("/api/v1/admin/db/slow-queries")));
        assertThat(body).contains(family).doesNotContain(NEEDLE);
    }

    @Test
    void indexHealthReportsPlantedProblemsWithFixes() {
        List<Map<String, Object>> items = listOf(get("/api/v1/admin/db/indexes").get("items"));
        assertThat(items).anySatisfy(f -> assertThat(f).containsEntry("check", "UNUSED_INDEX")
                .containsEntry("object", "ops_child_note_idx")
                .containsEntry("fix", "DROP INDEX CONCURRENTLY IF EXISTS ops_child_note_idx;"));
        assertThat(items).anySatisfy(f -> {
            assertThat(f).containsEntry("check", "DUPLICATED_INDEXES").containsEntry("table", "ops_child");
            assertThat((String) f.get("object")).contains("ops_child_tag_a_idx", "ops_child_tag_b_idx");
            assertThat((String) f.get("fix")).matches("DROP INDEX CONCURRENTLY IF EXISTS ops_child_tag_[ab]_idx;");
        });
        assertThat(items).anySatisfy(f -> {
            assertThat(f).containsEntry("check", "INVALID_INDEX").containsEntry("object", "ops_child_code_uk");
            assertThat((String) f.get("fix")).contains("DROP INDEX CONCURRENTLY IF EXISTS ops_child_code_uk;")
                    .contains("CREATE UNIQUE INDEX CONCURRENTLY ops_child_code_uk ON public.ops_child USING btree (code);");
        });
        assertThat(items).anySatisfy(f -> assertThat(f).containsEntry("check", "FOREIGN_KEY_WITHOUT_INDEX")
                .containsEntry("table", "ops_child")
                .containsEntry("fix", "CREATE INDEX CONCURRENTLY IF NOT EXISTS ops_child_parent_id_idx ON ops_child (parent_id);"));
        // The schema's own FK indexes are in place: no finding for them.
        assertThat(items).noneSatisfy(f -> assertThat(f).containsEntry("check", "FOREIGN_KEY_WITHOUT_INDEX")
                .containsEntry("table", "appointment"));
    }

    @Test
    void tableHealthReportsStaleStatistics() {
        List<Map<String, Object>> items = await(() -> listOf(get("/api/v1/admin/db/tables").get("items")),
                l -> l.stream().anyMatch(f -> "STALE_STATISTICS".equals(f.get("check")) && "ops_child".equals(f.get("table"))));
        assertThat(items).anySatisfy(f -> assertThat(f).containsEntry("check", "STALE_STATISTICS")
                .containsEntry("table", "ops_child").containsEntry("fix", "ANALYZE ops_child;"));
    }

    @Test
    void statementsComeFromPgStatStatementsWithCacheHitRatio() {
        http.toBlocking().retrieve(HttpRequest.GET("/test-ops/patients/by-middle-name/nobody"), Argument.listOf(Long.class));
        List<Map<String, Object>> items = listOf(get("/api/v1/admin/db/statements?order=total_time&limit=50").get("items"));
        assertThat(items).isNotEmpty().hasSizeLessThanOrEqualTo(50);
        assertThat(items).anySatisfy(s -> {
            assertThat((String) s.get("query")).contains("FROM patient WHERE middle_name = ?");
            assertThat((String) s.get("family")).startsWith("select_patient_");
            assertThat(((Number) s.get("calls")).longValue()).isGreaterThanOrEqualTo(1);
            assertThat(((Number) s.get("cacheHitRatio")).doubleValue()).isBetween(0.0, 1.0);
        });
        assertThat(items).noneSatisfy(s -> assertThat((String) s.get("query")).matches("(?i)^(begin|commit|set|show)\\b.*"));
        assertThat(items.toString()).doesNotContain(NEEDLE);
    }

    @Test
    void idleInTransactionSessionIsReportedWithoutItsLiterals() throws Exception {
        try (Connection idle = dataSource.unwrap(AgroalDataSource.class).getConnection();
             Statement statement = idle.createStatement()) {
            idle.setAutoCommit(false);
            int pid = idle.unwrap(PGConnection.class).getBackendPID();
            // A literal typed into SQL shows up in pg_stat_activity: the report must carry only the query's shape.
            statement.executeQuery("SELECT count(*) FROM patient WHERE middle_name = '" + NEEDLE + "'").close();
            Map<String, Object> report = await(() -> get("/api/v1/admin/db/sessions"),
                    r -> listOf(r.get("findings")).stream().anyMatch(f -> ("pid " + pid).equals(f.get("object"))));
            assertThat(listOf(report.get("findings"))).anySatisfy(f -> {
                assertThat(f).containsEntry("check", "IDLE_IN_TRANSACTION").containsEntry("object", "pid " + pid)
                        .containsEntry("fix", "SELECT pg_terminate_backend(" + pid + ");");
                assertThat(mapOf(f.get("evidence"))).containsEntry("query", "SELECT count(*) FROM patient WHERE middle_name = ?");
            });
            assertThat(mapOf(report.get("connectionsByState"))).containsKey("idle in transaction");
            assertThat(report.toString()).doesNotContain(NEEDLE);
            idle.rollback();
        }
    }

    @Test
    void poolIsExposedAndDataSourceStillUnwraps() throws SQLException {
        assertThat(dataSource.unwrap(AgroalDataSource.class)).isInstanceOf(AgroalDataSource.class);
        // Below Micronaut's contextual wrapper sits the monitoring proxy: its connections still unwrap to pgjdbc.
        DataSource monitored = DelegatingDataSource.unwrapDataSource(dataSource);
        assertThat(monitored.getClass().getSimpleName()).isEqualTo("MonitoredDataSource");
        assertThat(monitored.unwrap(AgroalDataSource.class)).isInstanceOf(AgroalDataSource.class);
        try (Connection connection = monitored.getConnection()) {
            assertThat(connection.unwrap(PGConnection.class).getBackendPID()).isPositive();
        }
        Map<String, Object> pool = listOf(get("/api/v1/admin/db/pool").get("items")).get(0);
        assertThat(pool).containsEntry("datasource", "default").containsEntry("maxSize", 10);
        assertThat(((Number) pool.get("created")).longValue()).isPositive();

        Map<String, Object> health = get("/health");
        assertThat(health).containsEntry("status", "UP");
        Map<String, Object> poolHealth = mapOf(mapOf(health.get("details")).get("connectionPool"));
        assertThat(poolHealth).containsEntry("status", "UP");
        assertThat(mapOf(mapOf(poolHealth.get("details")).get("default"))).containsKeys("max", "active", "awaiting", "saturation");
    }

    @Test
    void metricsExposePoolHibernateHttpAndPostgresFamilies() {
        http.toBlocking().retrieve(HttpRequest.GET("/test-ops/patients/by-middle-name/" + NEEDLE), Argument.listOf(Long.class));
        String metrics = await(() -> http.toBlocking().retrieve(TestTokens.ops(HttpRequest.GET("/metrics"))),
                m -> m.contains("postgres_database_size_bytes ") && !m.contains("postgres_database_size_bytes NaN"));
        assertThat(metrics).contains(
                // Agroal pool
                "agroal_connections_max{datasource=\"default\"} 10",
                "agroal_connections_active{", "agroal_connections_available{", "agroal_connections_awaiting{",
                "agroal_connections_opened_total{", "agroal_connections_destroyed_total{",
                "agroal_connections_leak_detected_total{", "agroal_acquisition_seconds_bucket{",
                "agroal_acquisition_timeouts_total{",
                // Hibernate statistics (hibernate-micrometer)
                "hibernate_sessions_open_total", "hibernate_query_executions_total",
                "hibernate_entities_loads_total", "hibernate_entities_fetches_total", "hibernate_statements_total",
                "hibernate_cache_query_requests_total",
                // HTTP server, per route, with percentiles
                "http_server_requests_seconds_bucket{", "uri=\"/test-ops/patients/by-middle-name/{middleName}\"",
                "http_server_requests_seconds_count{",
                // PostgreSQL
                "postgres_buffer_cache_hit_ratio ", "postgres_connections{state=\"active\"}", "postgres_deadlocks_total ",
                "postgres_transactions_committed_total ", "postgres_transactions_rolled_back_total ",
                // slow-query alerts
                "db_slow_queries_total{family=\"select_patient_");
        // Latency buckets per route template (p50/p95/p99 via histogram_quantile), never per concrete path.
        assertThat(metrics).containsPattern(
                "http_server_requests_seconds_bucket\\{[^}]*uri=\"/test-ops/patients/by-middle-name/\\{middleName\\}\"[^}]*le=");
        assertThat(metrics).doesNotContain(NEEDLE);
    }

    @Test
    void dashboardRendersTheAdminLists() {
        HttpResponse<String> response = http.toBlocking().exchange(HttpRequest.GET("/admin"), String.class);
        assertThat(response.getContentType()).hasValueSatisfying(t -> assertThat(t.getName()).isEqualTo("text/html"));
        String html = response.body();
        assertThat(html).contains("<table id=\"slow-queries\">", "<table id=\"statements\">", "<table id=\"indexes\">",
                "<table id=\"tables\">", "<table id=\"sessions\">", "<table id=\"maintenance\">", "id=\"pool-cards\"", "<svg id=\"pool-trend\"",
                "<svg id=\"latency-trend\"", "<table id=\"degradations\">");
        for (String endpoint : List.of("slow-queries", "statements?order=", "indexes", "tables", "sessions", "pool", "maintenance", "trends")) {
            assertThat(html).contains("'/api/v1/admin/db/" + endpoint);
        }
        // The JSON behind the page is ops-only: the script sends a bearer token with every fetch.
        assertThat(html).contains("'Authorization': 'Bearer ' + token(");
        // Closed network, and data never parsed as HTML.
        assertThat(html).doesNotContainPattern("(src|href)=\"https?://").doesNotContain("innerHTML");
    }

    @Test
    void badListParametersAreRefusedNamingTheFieldNeverBounded() {
        for (String[] bad : List.of(new String[] {"slow-queries?limit=0", "limit", "must be a whole number from 1 to 200"},
                new String[] {"plans?limit=201", "limit", "must be a whole number from 1 to 200"},
                new String[] {"statements?order=slowest", "order", "must be one of total_time|mean_time|calls"},
                new String[] {"trends?points=1", "points", "must be a whole number from 2 to 500"})) {
            HttpClientResponseException refused = org.junit.jupiter.api.Assertions.assertThrows(HttpClientResponseException.class,
                    () -> get("/api/v1/admin/db/" + bad[0]));
            assertThat(refused.getStatus().getCode()).as(bad[0]).isEqualTo(400);
            assertThat(refused.getResponse().getBody(Argument.mapOf(String.class, Object.class)).orElseThrow())
                    .as(bad[0]).containsEntry("field", bad[1]).containsEntry("reason", bad[2]);
        }
        assertThat(get("/api/v1/admin/db/statements?order=calls&limit=200")).containsEntry("order", "calls");
    }

    private Map<String, Object> slowQueryItem(String family) {
        return listOf(get("/api/v1/admin/db/slow-queries").get("items")).stream()
                .filter(i -> family.equals(i.get("family"))).findFirst().orElse(null);
    }

    private Map<String, Object> get(String uri) {
        return http.toBlocking().retrieve(TestTokens.ops(HttpRequest.GET(uri)), Argument.mapOf(String.class, Object.class));
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> listOf(Object value) {
        return (List<Map<String, Object>>) value;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> mapOf(Object value) {
        return (Map<String, Object>) value;
    }

    private static <T> T await(Supplier<T> supplier, java.util.function.Predicate<T> done) {
        return Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(supplier::get, done::test);
    }
}
