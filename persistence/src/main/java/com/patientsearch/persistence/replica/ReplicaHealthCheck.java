package com.patientsearch.persistence.replica;

import com.patientsearch.persistence.resilience.DatabaseFailures;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;
import io.micronaut.scheduling.annotation.Scheduled;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

/**
 * Checks every replica on a schedule: reachable, still a standby ({@code pg_is_in_recovery()}), and no further
 * behind than {@code replica-routing.max-lag}. Lag is the age of the last replayed transaction, counted as zero
 * when the replica has replayed everything it received (an idle primary sends nothing, which is not lag).
 * Meters: {@code datasource.replica.lag{replica}} (seconds) and {@code datasource.replica.in.rotation{replica}}.
 */
@Context
@Requires(condition = ReplicasConfigured.class)
class ReplicaHealthCheck implements MeterBinder {

    private static final Logger LOG = LoggerFactory.getLogger(ReplicaHealthCheck.class);
    static final String QUERY = """
            SELECT pg_is_in_recovery(),
                   CASE WHEN NOT pg_is_in_recovery() THEN 0
                        WHEN pg_last_wal_receive_lsn() IS NOT DISTINCT FROM pg_last_wal_replay_lsn() THEN 0
                        ELSE COALESCE(EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp()) * 1000, 0)
                   END::bigint""";

    private final ReplicaPools replicas;
    private final ReplicaRoutingProperties properties;

    // Neither the scheduler nor the meter registry in the constructor: both depend, through the meter binders, on
    // the DataSource, which routes through this check. The schedule starts with the context; meters bind below.
    ReplicaHealthCheck(ReplicaPools replicas, ReplicaRoutingProperties properties) {
        this.replicas = replicas;
        this.properties = properties;
        checkAll();
    }

    @Scheduled(fixedDelay = "${replica-routing.check-interval:5s}", initialDelay = "${replica-routing.check-interval:5s}")
    void checkAll() {
        replicas.all().forEach(this::check);
    }

    private void check(Replica replica) {
        boolean was = replica.inRotation();
        try (Connection connection = replica.pool().getConnection();
             Statement statement = connection.createStatement()) {
            statement.setQueryTimeout(Math.max(1, (int) properties.getCheckInterval().toSeconds()));
            try (ResultSet rs = statement.executeQuery(QUERY)) {
                rs.next();
                boolean standby = rs.getBoolean(1);
                Duration lag = Duration.ofMillis(rs.getLong(2));
                boolean healthy = standby && lag.compareTo(properties.getMaxLag()) <= 0;
                replica.checked(healthy, lag);
                if (was != healthy) {
                    LOG.warn("Read replica '{}' {} rotation (standby: {}, lag: {} ms, bound: {} ms)", replica.name(),
                            healthy ? "back in" : "out of", standby, lag.toMillis(), properties.getMaxLag().toMillis());
                }
            }
        } catch (SQLException | RuntimeException e) {
            replica.failed();
            if (was) {
                LOG.warn("Read replica '{}' out of rotation: {}", replica.name(), DatabaseFailures.describe(e));
            }
        }
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        io.micrometer.core.instrument.FunctionCounter.builder("datasource.read.only.connections", replicas, r -> r.replicaReads.sum())
                .tag("target", "replica").description("Read-only transactions served by a replica").register(registry);
        io.micrometer.core.instrument.FunctionCounter.builder("datasource.read.only.connections", replicas, r -> r.primaryReads.sum())
                .tag("target", "primary").description("Read-only transactions that fell back to the primary").register(registry);
        for (Replica replica : replicas.all()) {
            Gauge.builder("datasource.replica.lag", replica, Replica::lagSeconds).baseUnit("seconds")
                    .tag("replica", replica.name())
                    .description("Replication delay seen at the last check; NaN when the replica did not answer")
                    .register(registry);
            Gauge.builder("datasource.replica.in.rotation", replica, r -> r.inRotation() ? 1 : 0)
                    .tag("replica", replica.name())
                    .description("1 while the replica serves read-only transactions, 0 while reads fall back to the primary")
                    .register(registry);
        }
    }
}
