package com.patientsearch.operations.monitoring;

import com.patientsearch.persistence.testing.TestPostgres;
import liquibase.Contexts;
import liquibase.LabelExpression;
import liquibase.Liquibase;
import liquibase.database.DatabaseFactory;
import liquibase.database.jvm.JdbcConnection;
import liquibase.resource.ClassLoaderResourceAccessor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.postgresql.ds.PGSimpleDataSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Index health on a freshly migrated database: unused-index advice waits for statistics old enough to mean
 * something, and never names an index the searches are planned on.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IndexHealthStatisticsTest {

    private PGSimpleDataSource dataSource;

    @BeforeAll
    void migrate() throws Exception {
        TestPostgres postgres = TestPostgres.get();
        String url = postgres.createDatabase("index_health");
        dataSource = new PGSimpleDataSource();
        dataSource.setURL(url);
        dataSource.setUser(postgres.username());
        dataSource.setPassword(postgres.password());
        try (Connection connection = dataSource.getConnection()) {
            try (Liquibase liquibase = new Liquibase("db/changelog/db.changelog-master.xml", new ClassLoaderResourceAccessor(),
                    DatabaseFactory.getInstance().findCorrectDatabaseImplementation(new JdbcConnection(connection)))) {
                liquibase.update(new Contexts(), new LabelExpression());
            }
        }
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE spare (id bigint PRIMARY KEY, note text)");
            statement.execute("CREATE INDEX spare_note_idx ON spare (note)");
        }
    }

    @Test
    void youngStatisticsWithholdUnusedIndexFindings() throws SQLException {
        DatabaseHealthProperties properties = new DatabaseHealthProperties(); // default: 7 days of statistics
        List<HealthFinding> findings = new DatabaseHealth(dataSource, properties, new PlanFindings()).indexFindings();

        assertThat(findings).noneSatisfy(f -> assertThat(f.check()).isEqualTo("UNUSED_INDEX"));
        assertThat(findings).anySatisfy(f -> {
            assertThat(f.check()).isEqualTo("UNUSED_INDEXES_WITHHELD");
            assertThat(f.fix()).doesNotContain("DROP");
            assertThat(((Number) f.evidence().get("statistics_age_seconds")).longValue()).isLessThan(Duration.ofDays(7).toSeconds());
        });
    }

    @Test
    void oldEnoughStatisticsReportUnusedIndexesButNeverProtectedOnes() throws SQLException {
        DatabaseHealthProperties properties = new DatabaseHealthProperties();
        properties.setUnusedIndexMinStatisticsAge(Duration.ZERO);
        properties.setMaxItems(1000);
        List<HealthFinding> findings = new DatabaseHealth(dataSource, properties, new PlanFindings()).indexFindings();

        assertThat(findings).anySatisfy(f -> assertThat(f).extracting(HealthFinding::check, HealthFinding::object, HealthFinding::fix)
                .containsExactly("UNUSED_INDEX", "spare_note_idx", "DROP INDEX CONCURRENTLY IF EXISTS spare_note_idx;"));
        assertThat(findings).noneSatisfy(f -> assertThat(f.check()).isEqualTo("UNUSED_INDEXES_WITHHELD"));
        // The search indexes have never been scanned here, so only the protection keeps them out of the advice.
        assertThat(neverScanned()).contains("patient_name_tokens_gin", "patient_name_pairs_gin", "patient_mrn_idx");
        for (HealthFinding finding : findings) {
            for (String name : ProtectedIndexes.NAMES) {
                assertThat(finding.fix()).as(finding.check()).doesNotContain("DROP INDEX CONCURRENTLY IF EXISTS " + name + ";");
            }
        }
    }

    @Test
    void everyProtectedIndexExistsInTheSchema() throws SQLException {
        Set<String> indexes = new TreeSet<>();
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT indexname FROM pg_indexes WHERE schemaname = 'public'")) {
            while (rs.next()) {
                indexes.add(rs.getString(1));
            }
        }
        assertThat(indexes).containsAll(ProtectedIndexes.NAMES);
    }

    /** A plan test that starts to depend on another index must add it to the list (or this fails). */
    @Test
    void everyIndexThePlanTestsNameIsProtected() throws IOException {
        Path root = Path.of("").toAbsolutePath();
        while (root != null && !Files.exists(root.resolve("search"))) {
            root = root.getParent();
        }
        assertThat(root).as("repository root").isNotNull();
        Pattern quoted = Pattern.compile("\"([a-z][a-z0-9_]*_(?:idx|gin|gist|pk|uk))\"");
        Set<String> named = new TreeSet<>();
        List<Path> planTests = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root, 12)) {
            files.filter(p -> p.toString().contains("/src/test/") && p.getFileName().toString().endsWith("PlanTest.java"))
                    .forEach(planTests::add);
        }
        assertThat(planTests).isNotEmpty();
        for (Path test : planTests) {
            Matcher m = quoted.matcher(Files.readString(test));
            while (m.find()) {
                named.add(m.group(1));
            }
        }
        assertThat(named).isNotEmpty();
        assertThat(ProtectedIndexes.NAMES).containsAll(named);
    }

    private List<String> neverScanned() throws SQLException {
        List<String> names = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement("SELECT indexrelname FROM pg_stat_user_indexes WHERE idx_scan = 0");
             ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
                names.add(rs.getString(1));
            }
        }
        return names;
    }
}
