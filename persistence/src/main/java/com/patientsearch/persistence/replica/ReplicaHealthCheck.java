package com.patientsearch.persistence.replica;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;
import io.micronaut.scheduling.TaskScheduler;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Named;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;

/**
 * Checks every replica on a schedule: reachable, still a standby ({@code pg_is_in_recovery()}), and no further
 * behind than {@code replica-routing.max-lag}. Lag is the age of the last replayed transaction, counted as zero
 * when the replica has replayed everything it received (an idle primary sends nothing, which is not lag).
 * Meters: {@code datasource.replica.lag{replica}} (seconds) and {@code datasource.replica.in.rotation{replica}}.
 */
@Context
@Requires(condition = ReplicasConfigured.class)
class ReplicaHealthCheck {

    private static final Logger LOG = LoggerFactory.getLogger(ReplicaHealthCheck.class);
    static final String QUERY = """
            SELECT pg_is_in_recovery(),
                   CASE WHEN NOT pg_is_in_recovery() THEN 0
                        WHEN pg_last_wal_receive_lsn() IS NOT DISTINCT FROM pg_last_wal_replay_lsn() THEN 0
                        ELSE COALESCE(EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp()) * 1000, 0)
                   END::bigint""";

    private final ReplicaPools replicas;
    private final ReplicaRoutingProperties properties;
    private final ScheduledFuture<?> schedule;

    ReplicaHealthCheck(ReplicaPools replicas, ReplicaRoutingProperties properties,
                       @Named("scheduled") TaskScheduler scheduler, Optional<MeterRegistry> meters) {
        this.replicas = replicas;
        this.properties = properties;
        meters.ifPresent(this::bind);
        checkAll();
        this.schedule = scheduler.scheduleWithFixedDelay(properties.getCheckInterval(), properties.getCheckInterval(),
                this::checkAll);
    }

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
                LOG.warn("Read replica '{}' out of rotation: {}", replica.name(), e.toString());
            }
        }
    }

    private void bind(MeterRegistry registry) {
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

    @PreDestroy
    void stop() {
        schedule.cancel(false);
    }
}
