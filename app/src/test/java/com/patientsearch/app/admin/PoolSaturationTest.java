package com.patientsearch.app.admin;

import com.patientsearch.app.security.TestTokens;
import org.awaitility.Awaitility;
import com.patientsearch.persistence.testing.TestPostgres;
import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.core.type.Argument;
import io.micronaut.data.connection.jdbc.advice.DelegatingDataSource;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** An exhausted pool: /health turns DOWN while requests queue, and the timeout is counted. */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PoolSaturationTest implements TestPropertyProvider {

    @Inject
    DataSource dataSource;

    @Inject
    MeterRegistry registry;

    @Inject
    @Client("/")
    HttpClient http;

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> properties = new HashMap<>(TestPostgres.get().micronautProperties("saturation"));
        properties.put("micronaut.server.port", "-1");
        properties.put("datasources.default.min-size", "1");
        properties.put("datasources.default.initial-size", "1");
        properties.put("datasources.default.max-size", "2");
        properties.put("datasources.default.acquisition-timeout", "5s"); // room for /health (with its token check) to look while one waits
        return properties;
    }

    @Test
    void exhaustedPoolIsDownInHealthAndTimeoutsAreCounted() throws Exception {
        DataSource monitored = DelegatingDataSource.unwrapDataSource(dataSource);
        AgroalDataSource pool = dataSource.unwrap(AgroalDataSource.class);
        try (Connection first = monitored.getConnection(); Connection second = monitored.getConnection()) {
            CompletableFuture<Connection> waiting = CompletableFuture.supplyAsync(() -> {
                try {
                    return monitored.getConnection();
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
            Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20))
                    .until(() -> pool.getMetrics().awaitingCount() > 0);

            HttpClientResponseException down = org.junit.jupiter.api.Assertions.assertThrows(HttpClientResponseException.class,
                    () -> http.toBlocking().retrieve(TestTokens.ops(HttpRequest.GET("/health")), Argument.mapOf(String.class, Object.class)));
            assertThat(down.getStatus().getCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE.getCode());
            assertThat(down.getResponse().getBody(String.class)).hasValueSatisfying(body ->
                    assertThat(body).contains("\"connectionPool\"").containsPattern("\"connectionPool\":\\{[^}]*\"status\":\"DOWN\""));

            assertThatThrownBy(waiting::join).hasRootCauseInstanceOf(SQLException.class);
        }
        // At least the waiting request; /health's own JDBC check also waited for a connection and may have given up.
        assertThat(registry.get("agroal.acquisition.timeouts").tag("datasource", "default").counter().count())
                .isGreaterThanOrEqualTo(1.0);
        double maxWaitMs = registry.get("agroal.acquisition").tag("datasource", "default").timer()
                .max(java.util.concurrent.TimeUnit.MILLISECONDS);
        assertThat(maxWaitMs).isGreaterThanOrEqualTo((double) Duration.ofSeconds(1).toMillis());

        // The pool is free again; /health's own check that gave up meanwhile may still be finishing, so wait for UP.
        Awaitility.await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(100)).ignoreExceptions().untilAsserted(() ->
                assertThat(http.toBlocking().exchange(HttpRequest.GET("/health"), Argument.mapOf(String.class, Object.class))
                        .body()).containsEntry("status", "UP"));
    }
}
