package com.patientsearch.app.serve;

import com.patientsearch.app.security.TestTokens;
import com.patientsearch.persistence.datasource.OwnerDatabase;
import com.patientsearch.persistence.testing.TestPostgres;
import io.agroal.api.AgroalDataSource;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
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
import java.sql.Statement;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** API responses say how long the request spent in SQL (the load test sets it against end-to-end time). */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ServerTimingTest implements TestPropertyProvider {

    private static final Pattern DB = Pattern.compile("db;dur=(\\d+\\.\\d{3})");

    @Inject
    @Client("/")
    HttpClient client;
    @Inject
    DataSource dataSource;
    @Inject
    OwnerDatabase owner;

    @Override
    public Map<String, String> getProperties() {
        return TestPostgres.get().micronautProperties("server_timing");
    }

    @BeforeAll
    void fixtures() throws Exception {
        try (Connection connection = owner.connection();
             Statement s = connection.createStatement()) {
            s.execute("INSERT INTO clinic (code, name, time_zone) VALUES ('ST', 'Timing', 'UTC')");
            s.execute("""
                    INSERT INTO patient (clinic_id, mrn, first_name, last_name, date_of_birth, gender)
                    SELECT id, 'ST-1', 'Ada', 'Lovelace', date '1815-12-10' + 100 * 365, 'female' FROM clinic""");
        }
    }

    @Test
    void aSearchCarriesTheDatabaseTimeOfItsOwnStatements() {
        HttpResponse<String> response = client.toBlocking()
                .exchange(TestTokens.frontDesk(HttpRequest.GET("/api/v1/patients/search?q=lovelace"), "ST"), String.class);
        assertThat(response.body()).contains("Lovelace");
        String header = response.getHeaders().get(ServerTimingFilter.HEADER);
        assertThat(header).isNotNull();
        Matcher matcher = DB.matcher(header);
        assertThat(matcher.matches()).as(header).isTrue();
        // the search ran at least one statement, so some SQL time was counted for this request
        assertThat(Double.parseDouble(matcher.group(1))).isPositive();
    }

    @Test
    void theHeaderSaysMillisecondsWithThreeDecimalsRoundedHalfUp() {
        assertThat(ServerTimingFilter.value(0)).isEqualTo("db;dur=0.000");
        assertThat(ServerTimingFilter.value(499)).isEqualTo("db;dur=0.000");
        assertThat(ServerTimingFilter.value(500)).isEqualTo("db;dur=0.001");
        assertThat(ServerTimingFilter.value(12_345_678)).isEqualTo("db;dur=12.346");
        assertThat(ServerTimingFilter.value(3_050_000)).isEqualTo("db;dur=3.050");
        assertThat(ServerTimingFilter.value(1_000_000_000L)).isEqualTo("db;dur=1000.000");
        for (long nanos : new long[] {1, 999, 1_004_999, 7_007_500, 45_678_901_234L}) {
            assertThat(ServerTimingFilter.value(nanos)).as("nanos %d", nanos)
                    .isEqualTo(String.format(java.util.Locale.ROOT, "db;dur=%.3f",
                            new java.math.BigDecimal(nanos).movePointLeft(6)));
        }
    }

    @Test
    void pathsOutsideTheApiCarryNone() {
        HttpResponse<String> response = client.toBlocking().exchange(HttpRequest.GET("/health"), String.class);
        assertThat(response.getHeaders().get(ServerTimingFilter.HEADER)).isNull();
    }
}
