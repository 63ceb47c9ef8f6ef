package com.patientsearch.app.admin;

import com.patientsearch.app.security.TestTokens;
import com.patientsearch.persistence.datasource.OwnerDatabase;
import com.patientsearch.operations.monitoring.LatencyDegradation;
import com.patientsearch.operations.monitoring.LatencyTrends;
import com.patientsearch.operations.monitoring.SqlNormalizer;
import com.patientsearch.persistence.testing.TestPostgres;
import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.MeterRegistry;
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

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Baseline and trend on a real PostgreSQL: a family that loses its index is reported as degraded, from stored snapshots. */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LatencyTrendTest implements TestPropertyProvider {

    private static final String QUERY = "SELECT count(*) FROM ops_trend WHERE v = ?";

    @Inject
    LatencyTrends trends;

    @Inject
    DataSource dataSource;
    @Inject
    OwnerDatabase owner;

    @Inject
    MeterRegistry registry;

    @Inject
    @Client("/")
    HttpClient http;

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> properties = new HashMap<>(TestPostgres.get().micronautProperties("trend"));
        properties.put("micronaut.server.port", "-1"); // random: application.yml pins 8080, shared on this machine
        properties.put("monitoring.trend.initial-delay", "1h"); // the test takes the snapshots itself
        properties.put("monitoring.trend.min-baseline-snapshots", "1");
        properties.put("monitoring.trend.min-calls", "5");
        return properties;
    }

    @BeforeAll
    void seed() throws SQLException {
        // DDL is the owner's; the app's login only reads the table, as it would a real one.
        try (Connection connection = owner.connection(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE ops_trend (id bigint PRIMARY KEY, v text NOT NULL)");
            statement.execute("INSERT INTO ops_trend SELECT g, 'v' || (g % 50000) FROM generate_series(1, 300000) g");
            statement.execute("CREATE INDEX ops_trend_v_idx ON ops_trend (v)");
            statement.execute("ANALYZE ops_trend");
            statement.execute("GRANT SELECT ON ops_trend TO patient_search_app");
        }
    }

    @Test
    void familyLosingItsIndexIsReportedAgainstItsStoredBaseline() throws SQLException {
        String family = SqlNormalizer.family(SqlNormalizer.normalize(QUERY));
        run(20);
        trends.snapshot(); // the family's first sighting: cumulative counters only, no interval yet
        run(20);
        trends.snapshot(); // first interval, indexed and fast: the baseline
        try (Connection connection = owner.connection(); Statement statement = connection.createStatement()) {
            statement.execute("DROP INDEX ops_trend_v_idx");
        }
        run(10);
        List<LatencyDegradation> found = trends.snapshot();

        assertThat(found).anySatisfy(d -> {
            assertThat(d.family()).isEqualTo(family);
            assertThat(d.query()).isEqualTo("SELECT count(*) FROM ops_trend WHERE v = ?");
            assertThat(d.ratio()).isGreaterThan(2.0);
            assertThat(d.intervalCalls()).isEqualTo(10);
        });
        assertThat(registry.find("db_latency_degradations").tag("family", family).counter()).isNotNull()
                .satisfies(c -> assertThat(c.count()).isGreaterThanOrEqualTo(1.0));

        Map<String, Object> body = http.toBlocking().retrieve(TestTokens.ops(HttpRequest.GET("/api/v1/admin/db/trends?family=" + family)),
                Argument.mapOf(String.class, Object.class));
        assertThat(body.toString()).contains(family);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> families = (List<Map<String, Object>>) body.get("families");
        assertThat(families).singleElement().satisfies(f -> assertThat((List<?>) f.get("points")).hasSize(2));

        // The history lives in the database, so a restarted app compares against the same baseline.
        try (Connection connection = pool().getConnection();
             PreparedStatement statement = connection.prepareStatement(
                     "SELECT count(*) FROM query_latency_snapshot WHERE family = ? AND interval_mean_ms IS NOT NULL")) {
            statement.setString(1, family);
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                assertThat(rs.getLong(1)).isEqualTo(2);
            }
        }
    }

    private void run(int times) throws SQLException {
        try (Connection connection = pool().getConnection(); PreparedStatement statement = connection.prepareStatement(QUERY)) {
            for (int i = 0; i < times; i++) {
                statement.setString(1, "v" + (i * 7));
                try (ResultSet rs = statement.executeQuery()) {
                    rs.next();
                }
            }
        }
    }

    private DataSource pool() throws SQLException {
        return dataSource.unwrap(AgroalDataSource.class);
    }
}
