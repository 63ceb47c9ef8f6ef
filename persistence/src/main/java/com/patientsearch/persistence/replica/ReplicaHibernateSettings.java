package com.patientsearch.persistence.replica;

import io.micronaut.configuration.hibernate.jpa.JpaConfiguration;
import io.micronaut.configuration.hibernate.jpa.conf.settings.SettingsSupplier;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;

import java.util.Map;

/**
 * With replicas, a session holds its connection until it closes (at the end of its transaction here: there is no
 * open-session-in-view). Only then does Micronaut's Hibernate transaction manager mark the connection read-only
 * for a read-only transaction, which is what {@link RoutingDataSource} routes on.
 */
@Singleton
@Requires(condition = ReplicasConfigured.class)
class ReplicaHibernateSettings implements SettingsSupplier {

    static final String HANDLING_MODE = "hibernate.connection.handling_mode";

    @Override
    public Map<String, Object> supply(JpaConfiguration jpaConfiguration) {
        return jpaConfiguration.getProperties().containsKey(HANDLING_MODE)
                ? Map.of()
                : Map.of(HANDLING_MODE, "DELAYED_ACQUISITION_AND_HOLD");
    }
}
