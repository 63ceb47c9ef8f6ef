package com.patientsearch.persistence.replica;

import com.patientsearch.persistence.datasource.AgroalDataSourceFactory;
import com.patientsearch.persistence.datasource.DataSourceProperties;
import com.patientsearch.persistence.datasource.DatabaseLogins;
import com.patientsearch.persistence.datasource.ServingRoleCheck;
import io.agroal.api.AgroalDataSource;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.env.Environment;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The replicas' Agroal pools (same settings as any {@code datasources.*} block) and the choice among those in
 * rotation, round robin. Empty rotation means: read from the primary.
 */
@Singleton
@Requires(condition = ReplicasConfigured.class)
class ReplicaPools {

    /** Read-only transactions served by a replica, and those that fell back to the primary. */
    final java.util.concurrent.atomic.LongAdder replicaReads = new java.util.concurrent.atomic.LongAdder();
    final java.util.concurrent.atomic.LongAdder primaryReads = new java.util.concurrent.atomic.LongAdder();

    private static final Logger LOG = LoggerFactory.getLogger(ReplicaPools.class);

    private final List<Replica> replicas = new ArrayList<>();
    private final AtomicInteger next = new AtomicInteger();

    ReplicaPools(Collection<DataSourceProperties> dataSources, Environment environment, ServingRoleCheck roleCheck)
            throws SQLException {
        for (DataSourceProperties properties : dataSources) {
            if (properties.isReplica() && properties.getUrl().isPresent()) {
                // micronaut-hibernate-jpa would build a SessionFactory per datasources.* name; a replica needs none.
                String jpaEnabled = "jpa." + properties.getName() + ".enabled";
                if (environment.getProperty(jpaEnabled, Boolean.class).orElse(true)) {
                    throw new IllegalStateException("datasources." + properties.getName() + " is a read replica: set "
                            + jpaEnabled + ": false (see docs/operations.md)");
                }
                String url = DatabaseLogins.withoutLogin(properties.getName(), properties.getUrl().get());
                AgroalDataSource pool = AgroalDataSource.from(AgroalDataSourceFactory.configuration(properties, url,
                        properties.getUsername(), properties.getPassword()));
                try {
                    roleCheck.verify(properties.getName(), pool);
                } catch (RuntimeException | SQLException e) {
                    pool.close();
                    close();
                    throw e;
                }
                replicas.add(new Replica(properties.getName(), pool));
                LOG.info("Read replica '{}': {} (pool {}..{})", properties.getName(),
                        AgroalDataSourceFactory.withoutCredentials(url), properties.getMinSize(), properties.getMaxSize());
            }
        }
    }

    List<Replica> all() {
        return replicas;
    }

    /** A replica in rotation, or null when none is (the caller reads from the primary). */
    Replica pick() {
        int size = replicas.size();
        int start = Math.floorMod(next.getAndIncrement(), Math.max(size, 1));
        for (int i = 0; i < size; i++) {
            Replica replica = replicas.get((start + i) % size);
            if (replica.inRotation()) {
                return replica;
            }
        }
        return null;
    }

    @PreDestroy
    void close() {
        replicas.forEach(replica -> replica.pool().close());
    }
}
