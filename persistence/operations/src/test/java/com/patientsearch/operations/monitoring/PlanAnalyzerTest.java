package com.patientsearch.operations.monitoring;

import com.patientsearch.operations.monitoring.PlanFinding.Kind;
import com.patientsearch.persistence.testing.TestPostgres;
import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each kind of plan finding from a real PostgreSQL plan: the planner is steered (work_mem, enable_*) so the plan
 * has the shape under test, and the analyzer must name the table, the columns and the fix.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PlanAnalyzerTest {

    private final PlanAnalyzer analyzer = new PlanAnalyzer(new PlanProperties());
    private final JsonMapper json = JsonMapper.createDefault();
    private Connection connection;

    @BeforeAll
    void seed() throws SQLException {
        TestPostgres pg = TestPostgres.get();
        connection = DriverManager.getConnection(pg.createDatabase("plans"), pg.username(), pg.password());
        try (Statement s = connection.createStatement()) {
            s.execute("CREATE TABLE big (id bigint PRIMARY KEY, a int NOT NULL, b text NOT NULL, c int NOT NULL) WITH (autovacuum_enabled = false)");
            s.execute("INSERT INTO big SELECT g, g, md5(g::text), g % 1000 FROM generate_series(1, 100000) g");
            s.execute("CREATE INDEX big_a_idx ON big (a)");
            s.execute("CREATE TABLE small (id int PRIMARY KEY, big_id bigint NOT NULL)");
            s.execute("INSERT INTO small SELECT g, (g * 13) % 100000 + 1 FROM generate_series(1, 5000) g");
            s.execute("CREATE TABLE skew (k int NOT NULL) WITH (autovacuum_enabled = false)");
            s.execute("INSERT INTO skew SELECT g % 1000 FROM generate_series(1, 20000) g");
            s.execute("ANALYZE big; ANALYZE small; ANALYZE skew");
            s.execute("INSERT INTO skew SELECT 1 FROM generate_series(1, 20000)"); // statistics now stale
            s.execute("SET max_parallel_workers_per_gather = 0"); // one plan shape, whatever the machine
        }
    }

    @AfterAll
    void close() throws SQLException {
        connection.close();
    }

    @Test
    void seqScanOnLargeTableProposesIndexOnFilteredColumn() throws Exception {
        List<PlanFinding> findings = analyze("SELECT * FROM big WHERE c = ?", 42, true);
        assertThat(findings).anySatisfy(f -> {
            assertThat(f.kind()).isEqualTo(Kind.SEQ_SCAN_LARGE_TABLE);
            assertThat(f.table()).isEqualTo("big");
            assertThat(f.columns()).containsExactly("c");
            assertThat(f.suggestion()).isEqualTo("CREATE INDEX CONCURRENTLY ON big (c);");
            assertThat(f.evidence()).containsEntry("rows_scanned", 100000L);
        });
        // Evidence is numbers and node names only: the filter text (which quotes the value) never leaks.
        assertThat(findings.toString()).doesNotContain("42");
    }

    @Test
    void indexScanThatFiltersAwayMostRowsProposesWiderIndex() throws Exception {
        set("enable_seqscan = off", "enable_bitmapscan = off");
        List<PlanFinding> findings = analyze("SELECT * FROM big WHERE a < ? AND c = 7", 60000, true);
        assertThat(findings).anySatisfy(f -> {
            assertThat(f.kind()).isEqualTo(Kind.FILTER_REMOVES_MOST_ROWS);
            assertThat(f.columns()).containsExactly("a", "c");
            assertThat(f.suggestion()).isEqualTo("CREATE INDEX CONCURRENTLY ON big (a, c);");
        });
    }

    @Test
    void sortAndHashSpillingToDiskAreReported() throws Exception {
        set("work_mem = '64kB'", "enable_mergejoin = off", "enable_nestloop = off");
        assertThat(analyze("SELECT * FROM big ORDER BY b", null, true)).anySatisfy(f -> {
            assertThat(f.kind()).isEqualTo(Kind.SORT_SPILLS_TO_DISK);
            assertThat(f.table()).isEqualTo("big");
            assertThat(f.columns()).containsExactly("b");
            assertThat(((Number) f.evidence().get("sort_space_kb")).longValue()).isPositive();
        });
        set("work_mem = '64kB'", "enable_mergejoin = off", "enable_nestloop = off"); // analyze() resets them
        assertThat(analyze("SELECT count(*) FROM small s JOIN big b ON b.id = s.big_id", null, true))
                .anySatisfy(f -> {
                    assertThat(f.kind()).isEqualTo(Kind.HASH_SPILLS_TO_DISK);
                    assertThat(((Number) f.evidence().get("hash_batches")).longValue()).isGreaterThan(1);
                });
    }

    @Test
    void nestedLoopOverManyOuterRowsIsReported() throws Exception {
        set("enable_hashjoin = off", "enable_mergejoin = off");
        assertThat(analyze("SELECT count(*) FROM small s JOIN big b ON b.id = s.big_id", null, true)).anySatisfy(f -> {
            assertThat(f.kind()).isEqualTo(Kind.NESTED_LOOP_MANY_ROWS);
            assertThat(f.table()).isEqualTo("big");
            assertThat(f.columns()).containsExactly("id");
            assertThat(((Number) f.evidence().get("outer_rows")).longValue()).isEqualTo(5000);
        });
    }

    @Test
    void indexOnlyScanWithHeapFetchesProposesVacuum() throws Exception {
        set("enable_seqscan = off", "enable_bitmapscan = off");
        assertThat(analyze("SELECT a FROM big WHERE a < ?", 5000, true)).anySatisfy(f -> {
            assertThat(f.kind()).isEqualTo(Kind.HEAP_FETCHES);
            assertThat(f.suggestion()).isEqualTo("VACUUM (ANALYZE) big;");
            assertThat(((Number) f.evidence().get("heap_fetches")).longValue()).isGreaterThanOrEqualTo(4999);
        });
    }

    @Test
    void misestimateProposesAnalyzeOrFinerStatistics() throws Exception {
        String sql = "SELECT count(*) FROM skew WHERE k = ?";
        assertThat(analyze(sql, 1, true)).anySatisfy(f -> {
            assertThat(f.kind()).isEqualTo(Kind.ROW_MISESTIMATE);
            assertThat(f.suggestion()).isEqualTo("ANALYZE skew;");
        });
        // Statistics already fresh but still off: a finer histogram on the filtered column.
        assertThat(analyze(sql, 1, false)).anySatisfy(f -> {
            assertThat(f.kind()).isEqualTo(Kind.ROW_MISESTIMATE);
            assertThat(f.columns()).containsExactly("k");
            assertThat(f.suggestion()).isEqualTo("ALTER TABLE skew ALTER COLUMN k SET STATISTICS 1000;\nANALYZE skew;");
        });
    }

    private List<PlanFinding> analyze(String sql, Integer parameter, boolean stale) throws SQLException, IOException {
        String plan;
        try (PreparedStatement statement = connection.prepareStatement("EXPLAIN (ANALYZE, BUFFERS, VERBOSE, FORMAT JSON) " + sql)) {
            if (parameter != null) {
                statement.setInt(1, parameter);
            }
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                plan = rs.getString(1);
            }
        } finally {
            try (Statement s = connection.createStatement()) {
                s.execute("RESET enable_seqscan; RESET enable_bitmapscan; RESET work_mem; RESET enable_mergejoin; "
                        + "RESET enable_nestloop; RESET enable_hashjoin");
            }
        }
        JsonNode tree = json.readValue(plan, Argument.of(JsonNode.class));
        return analyzer.analyze("test_family", tree, new PlanAnalyzer.Catalog() {
            @Override
            public Set<String> columns(String table) {
                Set<String> names = new HashSet<>();
                try (PreparedStatement s = connection.prepareStatement(
                        "SELECT attname FROM pg_attribute WHERE attrelid = to_regclass(?) AND attnum > 0 AND NOT attisdropped")) {
                    s.setString(1, table);
                    try (ResultSet rs = s.executeQuery()) {
                        while (rs.next()) {
                            names.add(rs.getString(1));
                        }
                    }
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
                return names;
            }

            @Override
            public boolean statisticsStale(String table) {
                return stale;
            }
        });
    }

    private void set(String... settings) throws SQLException {
        try (Statement s = connection.createStatement()) {
            for (String setting : settings) {
                s.execute("SET " + setting);
            }
        }
    }
}
