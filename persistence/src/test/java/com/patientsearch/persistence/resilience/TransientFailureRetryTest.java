package com.patientsearch.persistence.resilience;

import com.patientsearch.persistence.testing.TestPostgres;
import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Inject;
import org.hibernate.Session;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Resilience on a real PostgreSQL: transient failures retried with backoff, a circuit breaker that opens and closes
 * again, statement_timeout on every pooled connection, and pool exhaustion failing fast and recognisably.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TransientFailureRetryTest implements TestPropertyProvider {

    @Inject
    FlakyReads reads;
    @Inject
    MeterRegistry meters;
    @Inject
    DataSource dataSource;
    @Inject
    TransactionOperations<Session> transactions;

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> properties = new HashMap<>(TestPostgres.get().micronautProperties("resilience"));
        properties.put("flaky-reads.enabled", "true");
        properties.put("database.retry.attempts", "3");
        properties.put("database.retry.delay", "20ms");
        properties.put("database.retry.reset", "1s");
        properties.put("datasources.default.statement-timeout", "500ms");
        properties.put("datasources.default.max-size", "3");
        properties.put("datasources.default.acquisition-timeout", "700ms");
        return properties;
    }

    /** Each test starts with a closed circuit and no failures queued, whatever ran before it. */
    @BeforeEach
    void closedCircuit() {
        reads.failNext(0);
        awaitCircuitClosed();
    }

    /** While the circuit is open a call fails without reaching the database; the first call after the reset closes it. */
    private void awaitCircuitClosed() {
        Awaitility.await("the circuit closes").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50))
                .ignoreExceptions().until(() -> reads.countClinics() == 0);
    }

    @Test
    void aTransientFailureIsRetriedAndTheReadSucceeds() {
        reads.calls.set(0);
        reads.failNext(2);
        assertThat(reads.countClinics()).isZero();
        assertThat(reads.calls.get()).as("two failed attempts, then success").isEqualTo(3);
        assertThat(meters.get("database.retries").tag("method", "FlakyReads.countClinics").counter().count())
                .isGreaterThanOrEqualTo(2.0);
    }

    @Test
    void theCircuitOpensWhenFailuresPersistAndClosesAfterTheResetPeriod() throws Exception {
        reads.failNext(100);
        assertThatThrownBy(reads::countClinics).satisfies(e -> assertThat(DatabaseFailures.isTransient(e)).isTrue());
        assertThat(meters.get("database.circuit.open").tag("method", "FlakyReads.countClinics").gauge().value())
                .isEqualTo(1.0);

        int before = reads.calls.get();
        long started = System.nanoTime();
        assertThatThrownBy(reads::countClinics).as("open: fails without calling the database");
        assertThat(reads.calls.get()).isEqualTo(before);
        assertThat((System.nanoTime() - started) / 1_000_000).isLessThan(500);

        reads.failNext(0);
        awaitCircuitClosed(); // past database.retry.reset the next call is the trial, and it succeeds
        assertThat(meters.get("database.circuit.open").tag("method", "FlakyReads.countClinics").gauge().value())
                .isEqualTo(0.0);
    }

    @Test
    void everyPooledConnectionCarriesTheStatementTimeout() {
        String timeout = transactions.executeRead(status -> status.getConnection().doReturningWork(connection -> {
            try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery("SHOW statement_timeout")) {
                rs.next();
                return rs.getString(1);
            }
        }));
        assertThat(timeout).isEqualTo("500ms");

        long started = System.nanoTime();
        assertThatThrownBy(() -> transactions.executeRead(status -> status.getConnection().doReturningWork(connection -> {
            try (Statement statement = connection.createStatement()) {
                return statement.execute("SELECT pg_sleep(5)");
            }
        }))).satisfies(e -> {
            assertThat(DatabaseFailures.isUnavailable(e)).as("answered 503").isTrue();
            assertThat(DatabaseFailures.isTransient(e)).as("a slow query is not retried").isFalse();
        });
        assertThat((System.nanoTime() - started) / 1_000_000).isLessThan(3_000);
    }

    @Test
    void anExhaustedPoolFailsAfterTheAcquisitionTimeoutAndIsRecognised() throws Exception {
        AgroalDataSource pool = dataSource.unwrap(AgroalDataSource.class);
        List<Connection> held = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                held.add(pool.getConnection());
            }
            long started = System.nanoTime();
            assertThatThrownBy(() -> transactions.executeRead(status -> status.getConnection()
                    .createNativeQuery("SELECT 1", Integer.class).getSingleResult()))
                    .satisfies(e -> {
                        assertThat(DatabaseFailures.isPoolExhausted(e)).isTrue();
                        assertThat(DatabaseFailures.isUnavailable(e)).isTrue();
                        assertThat(DatabaseFailures.isTransient(e)).as("never retried: it would queue again").isFalse();
                    });
            assertThat((System.nanoTime() - started) / 1_000_000).isBetween(600L, 3_000L);
        } finally {
            for (Connection connection : held) {
                connection.close();
            }
        }
    }

    @Test
    void failuresThatAreNotTransientNeitherRetryNorOpenTheCircuit() {
        int before = reads.calls.get();
        for (int i = 0; i < 6; i++) {
            assertThatThrownBy(() -> reads.countClinics(true)).isInstanceOf(IllegalArgumentException.class);
        }
        assertThat(reads.calls.get() - before).as("one call each, no retries").isEqualTo(6);
        assertThat(reads.countClinics(false)).isZero();
    }

    @Test
    void sqlStatesAreClassified() {
        assertThat(DatabaseFailures.isTransient(new SQLException("x", "40001"))).isTrue();
        assertThat(DatabaseFailures.isTransient(new SQLException("x", "40P01"))).isTrue();
        assertThat(DatabaseFailures.isTransient(new RuntimeException(new SQLException("x", "08006")))).isTrue();
        assertThat(DatabaseFailures.isTransient(new SQLException("x", "57P01"))).isTrue();
        assertThat(DatabaseFailures.isTransient(new SQLException("x", "23505"))).isFalse();
        assertThat(DatabaseFailures.isUnavailable(new SQLException("x", "23505"))).isFalse();
    }
}
