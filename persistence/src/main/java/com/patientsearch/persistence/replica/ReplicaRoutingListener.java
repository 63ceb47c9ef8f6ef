package com.patientsearch.persistence.replica;

import io.micronaut.context.BeanProvider;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import io.micronaut.core.annotation.Order;
import jakarta.inject.Singleton;

import javax.sql.DataSource;

/**
 * Puts the {@link RoutingDataSource} in place of the default pool when replicas are configured. It runs before
 * every other DataSource listener, so Micronaut's transaction-aware wrapper and test statement counters wrap the
 * router and see replica and primary statements alike.
 */
@Singleton
@Order(-2000)
@Requires(condition = ReplicasConfigured.class)
class ReplicaRoutingListener implements BeanCreatedEventListener<DataSource> {

    private final BeanProvider<ReplicaPools> replicas;

    ReplicaRoutingListener(BeanProvider<ReplicaPools> replicas) {
        this.replicas = replicas;
    }

    @Override
    public DataSource onCreated(BeanCreatedEvent<DataSource> event) {
        boolean primary = event.getBeanIdentifier() != null && "default".equals(event.getBeanIdentifier().getName());
        if (!primary || event.getBean() instanceof RoutingDataSource) {
            return event.getBean();
        }
        return new RoutingDataSource(event.getBean(), replicas.get());
    }
}
