package com.patientsearch.persistence.replica;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import com.patientsearch.domain.clinic.Clinic;
import com.patientsearch.persistence.testing.TestPostgres;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.ApplicationContext;
import io.micronaut.transaction.TransactionOperations;
import org.hibernate.Session;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Read replicas against a real streaming replica: read-only transactions run on the standby, writes on the primary
 * and replicate; a lagging replica (replay paused) and a stopped one leave rotation and reads fall back.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReadReplicaRoutingTest {

    private StreamingReplica servers;
    private ApplicationContext context;
    private TransactionOperations<Session> transactions;
    private MeterRegistry meters;

    @BeforeAll
    @SuppressWarnings("unchecked")
    void start() throws Exception {
        servers = new StreamingReplica();
        Map<String, Object> properties = new HashMap<>();
        properties.put("datasources.default.url", servers.primaryUrl());
        properties.put("datasources.replica.url", servers.replicaUrl());
        properties.put("datasources.replica.min-size", 0);
        properties.put("datasources.replica.initial-size", 0);
        properties.put("datasources.replica.acquisition-timeout", "2s");
        properties.put("jpa.replica.enabled", false);
        properties.put("replica-routing.max-lag", "1s");
        properties.put("replica-routing.check-interval", "200ms");
        properties.put("cache.enabled", false);
        context = ApplicationContext.run(properties);
        transactions = context.getBean(TransactionOperations.class);
        meters = context.getBean(MeterRegistry.class);
    }

    @AfterAll
    void stop() throws Exception {
        if (context != null) {
            context.close();
        }
        if (servers != null) {
            servers.close();
        }
    }

    @Test
    @Order(1)
    void readOnlyTransactionsRunOnTheReplicaAndWritesOnThePrimary() {
        assertThat(inRecovery(true)).as("read-only transaction").isTrue();
        assertThat(inRecovery(false)).as("read-write transaction").isFalse();

        transactions.executeWrite(status -> {
            status.getConnection().persist(new Clinic("REPL", "Replicated", ZoneId.of("UTC")));
            return null;
        });
        // The write replicates: the read path (the replica) sees it within a moment.
        assertThat(eventually(Duration.ofSeconds(10), () -> clinicVisibleToReads("REPL"))).isTrue();
        assertThat(meters.get("datasource.replica.in.rotation").tag("replica", "replica").gauge().value()).isEqualTo(1.0);
        assertThat(meters.get("datasource.replica.lag").tag("replica", "replica").gauge().value()).isBetween(0.0, 1.0);
        assertThat(meters.get("datasource.read.only.connections").tag("target", "replica").functionCounter().count()).isPositive();
    }

    @Test
    @Order(2)
    void aReplicaLaggingBeyondTheBoundLeavesRotationUntilItCatchesUp() throws Exception {
        try (Connection standby = DriverManager.getConnection(servers.replicaUrl());
             Statement statement = standby.createStatement()) {
            statement.execute("SELECT pg_wal_replay_pause()");
            transactions.executeWrite(status -> {
                status.getConnection().persist(new Clinic("LAG1", "Written while replay is paused", ZoneId.of("UTC")));
                return null;
            });
            assertThat(eventually(Duration.ofSeconds(10), () -> rotation() == 0.0)).as("out of rotation").isTrue();
            assertThat(inRecovery(true)).as("reads fall back to the primary").isFalse();
            assertThat(clinicVisibleToReads("LAG1")).isTrue();
            assertThat(meters.get("datasource.replica.lag").tag("replica", "replica").gauge().value()).isGreaterThan(1.0);

            statement.execute("SELECT pg_wal_replay_resume()");
        }
        assertThat(eventually(Duration.ofSeconds(10), () -> rotation() == 1.0)).as("back in rotation").isTrue();
        assertThat(inRecovery(true)).isTrue();
    }

    @Test
    @Order(3)
    void readsFallBackToThePrimaryWhenTheReplicaIsStopped() throws Exception {
        servers.stopReplica();
        // Right away (the failed connection takes it out) and after the next scheduled check alike.
        assertThat(inRecovery(true)).isFalse();
        assertThat(clinicVisibleToReads("REPL")).isTrue();
        assertThat(eventually(Duration.ofSeconds(5), () -> rotation() == 0.0)).isTrue();
        assertThat(inRecovery(true)).isFalse();
        assertThat(meters.get("datasource.read.only.connections").tag("target", "primary").functionCounter().count()).isPositive();
    }

    private double rotation() {
        return meters.get("datasource.replica.in.rotation").tag("replica", "replica").gauge().value();
    }

    private boolean inRecovery(boolean readOnly) {
        var work = (io.micronaut.transaction.TransactionCallback<Session, Boolean>) status ->
                status.getConnection().doReturningWork(connection -> {
                    try (Statement statement = connection.createStatement();
                         ResultSet rs = statement.executeQuery("SELECT pg_is_in_recovery()")) {
                        rs.next();
                        return rs.getBoolean(1);
                    }
                });
        return readOnly ? transactions.executeRead(work) : transactions.executeWrite(work);
    }

    private boolean clinicVisibleToReads(String code) {
        return transactions.executeRead(status -> status.getConnection()
                .createQuery("select count(c) from Clinic c where c.code = :code", Long.class)
                .setParameter("code", code).getSingleResult() == 1L);
    }

    private static boolean eventually(Duration timeout, BooleanSupplier condition) {
        try {
            Awaitility.await().atMost(timeout).pollInterval(Duration.ofMillis(100)).until(condition::getAsBoolean);
            return true;
        } catch (ConditionTimeoutException e) {
            return false;
        }
    }
}
