package com.patientsearch.app.admin;

import org.awaitility.Awaitility;
import com.patientsearch.app.security.TestTokens;
import com.patientsearch.persistence.datasource.OwnerDatabase;
import com.patientsearch.app.cli.PatientSearchCommand;
import com.patientsearch.operations.monitoring.Maintenance;
import com.patientsearch.operations.monitoring.MaintenanceRun;
import com.patientsearch.persistence.testing.TestPostgres;
import io.agroal.api.AgroalDataSource;
import io.micronaut.configuration.picocli.MicronautFactory;
import io.micronaut.context.ApplicationContext;
import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import picocli.CommandLine;

import javax.sql.DataSource;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Maintenance on a real PostgreSQL: ANALYZE and VACUUM reach the tables health reports, a held lock makes a job give
 * up (lock_timeout) instead of queueing, a failing REINDEX is recorded with its SQLState, and the CLI runs the
 * same jobs.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MaintenanceTest implements TestPropertyProvider {

    @Inject
    ApplicationContext context;

    @Inject
    Maintenance maintenance;

    @Inject
    DataSource dataSource;
    @Inject
    OwnerDatabase owner;

    @Inject
    @Client("/")
    HttpClient http;

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> properties = new HashMap<>(TestPostgres.get().micronautProperties("maintenance"));
        properties.put("micronaut.server.port", "-1"); // random: application.yml pins 8080, shared on this machine
        properties.put("monitoring.maintenance.lock-timeout", "300ms");
        return properties;
    }

    @BeforeAll
    void seed() throws Exception {
        // Tables are the owner's; the jobs run as the app's login through PostgreSQL 17's MAINTAIN privilege.
        try (Connection connection = owner.connection(); Statement statement = connection.createStatement()) {
            // Autovacuum off, so nothing but the jobs under test touches these tables' statistics.
            statement.execute("CREATE TABLE ops_stale (id bigint PRIMARY KEY, v text) WITH (autovacuum_enabled = false)");
            statement.execute("INSERT INTO ops_stale SELECT g, 'v' || g FROM generate_series(1, 3000) g");
            statement.execute("CREATE TABLE ops_dead (id bigint PRIMARY KEY, code text) WITH (autovacuum_enabled = false)");
            statement.execute("INSERT INTO ops_dead SELECT g, 'c' || (g % 10) FROM generate_series(1, 5000) g");
            statement.execute("ANALYZE ops_dead");
            statement.execute("DELETE FROM ops_dead WHERE id > 1000");
            try {
                statement.execute("CREATE UNIQUE INDEX CONCURRENTLY ops_dead_code_uk ON ops_dead (code)");
            } catch (SQLException expected) {
                // duplicates: the index stays behind INVALID
            }
            statement.execute("GRANT SELECT, MAINTAIN ON ops_stale, ops_dead TO patient_search_app");
            // the health checks read the table counters; an idle pooled session reports its own up to 10 s late
            statement.execute("SELECT pg_stat_force_next_flush()");
        }
        await(() -> checks(), c -> c.contains("STALE_STATISTICS ops_stale") && c.contains("DEAD_TUPLES ops_dead"));
    }

    @Test
    void jobsFixWhatHealthReportsYieldToLocksAndAreListed() throws Exception {
        // A session holding a conflicting lock: ANALYZE gives up after lock_timeout instead of queueing behind it.
        try (Connection blocker = pool().getConnection(); Statement statement = blocker.createStatement()) {
            blocker.setAutoCommit(false);
            statement.execute("LOCK TABLE ops_stale IN ACCESS EXCLUSIVE MODE");
            long started = System.nanoTime();
            List<MaintenanceRun> runs = maintenance.run(Maintenance.Job.ANALYZE, "test", true);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
            assertThat(runs).anySatisfy(r -> {
                assertThat(r.target()).isEqualTo("ops_stale");
                assertThat(r.outcome()).isEqualTo("failed: SQLState 55P03");
            });
            blocker.rollback();
        }

        Cli analyze = cli("maintenance", "analyze");
        assertThat(analyze.exitCode).isZero();
        assertThat(analyze.out).contains("analyze ops_stale: ok");
        assertThat(lastAnalyzed("ops_stale")).isTrue();
        assertThat(checks()).doesNotContain("STALE_STATISTICS ops_stale");

        Cli vacuum = cli("maintenance", "vacuum");
        assertThat(vacuum.exitCode).isZero();
        assertThat(vacuum.out).contains("vacuum ops_dead: ok");
        await(() -> checks(), c -> !c.contains("DEAD_TUPLES ops_dead"));

        // REINDEX of the invalid unique index fails on the duplicates; the failure is recorded, not thrown.
        Cli reindex = cli("maintenance", "reindex");
        assertThat(reindex.exitCode).isEqualTo(1);
        assertThat(reindex.out).contains("reindex ops_dead_code_uk: failed: SQLState 23505");

        Map<String, Object> state = http.toBlocking().retrieve(TestTokens.ops(HttpRequest.GET("/api/v1/admin/db/maintenance")),
                Argument.mapOf(String.class, Object.class));
        assertThat(state).containsEntry("schedulerEnabled", false).containsEntry("running", false);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> history = (List<Map<String, Object>>) state.get("history");
        assertThat(history).extracting(h -> h.get("job") + " " + h.get("target") + " " + h.get("outcome") + " " + h.get("trigger"))
                .contains("analyze ops_stale ok cli", "vacuum ops_dead ok cli",
                        "reindex ops_dead_code_uk failed: SQLState 23505 cli", "analyze ops_stale failed: SQLState 55P03 test");
        assertThat(history).allSatisfy(h -> assertThat(((Number) h.get("durationMs")).longValue()).isNotNegative());

        // The pool's connections keep their session settings after a job.
        try (Connection connection = pool().getConnection(); Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT current_setting('lock_timeout')")) {
            rs.next();
            assertThat(rs.getString(1)).isEqualTo("0");
        }

        Map<String, Object> health = http.toBlocking().retrieve(TestTokens.ops(HttpRequest.GET("/health")), Argument.mapOf(String.class, Object.class));
        assertThat(health.toString()).contains("maintenance", "scheduler=disabled");
    }

    private record Cli(int exitCode, String out) {
    }

    private Cli cli(String... args) {
        StringWriter out = new StringWriter();
        CommandLine command = new CommandLine(PatientSearchCommand.class, new MicronautFactory(context));
        command.setOut(new PrintWriter(out, true));
        int exitCode = command.execute(args);
        return new Cli(exitCode, out.toString());
    }

    private String checks() {
        Map<String, Object> tables = http.toBlocking().retrieve(TestTokens.ops(HttpRequest.GET("/api/v1/admin/db/tables")),
                Argument.mapOf(String.class, Object.class));
        StringBuilder out = new StringBuilder();
        ((List<?>) tables.get("items")).forEach(i -> {
            Map<?, ?> f = (Map<?, ?>) i;
            out.append(f.get("check")).append(' ').append(f.get("table")).append('\n');
        });
        return out.toString();
    }

    private boolean lastAnalyzed(String table) throws SQLException {
        try (Connection connection = pool().getConnection();
             var statement = connection.prepareStatement("SELECT last_analyze IS NOT NULL FROM pg_stat_user_tables WHERE relname = ?")) {
            statement.setString(1, table);
            try (ResultSet rs = statement.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }

    private DataSource pool() throws SQLException {
        return dataSource.unwrap(AgroalDataSource.class);
    }

    private static <T> T await(java.util.function.Supplier<T> supplier, java.util.function.Predicate<T> done) {
        return Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250))
                .until(supplier::get, done::test);
    }
}
